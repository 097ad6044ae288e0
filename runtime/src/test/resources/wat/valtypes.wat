;; Every defined value type constructor of Binary.md, in code order, then every primitive.
(component
  (type $rec (record (field "a" u32) (field "b" string)))        ;; 0
  (type $var (variant (case "none") (case "some" $rec)))          ;; 1
  (type $lst (list $rec))                                          ;; 2
  (type $fix (list u8 4))                                          ;; 3
  (type $tup (tuple u8 s64 $lst))                                  ;; 4
  (type $flg (flags "read" "write" "exec"))                        ;; 5
  (type $enm (enum "red" "green"))                                 ;; 6
  (type $opt (option f64))                                         ;; 7
  (type $r0 (result))                                              ;; 8
  (type $r1 (result u32))                                          ;; 9
  (type $r2 (result (error string)))                               ;; 10
  (type $r3 (result $rec (error $enm)))                            ;; 11
  (type $res (resource (rep i32)))                                 ;; 12
  (type $own (own $res))                                           ;; 13
  (type $bor (borrow $res))                                        ;; 14
  (type $stm (stream u8))                                          ;; 15
  (type $st0 (stream))                                             ;; 16
  (type $fut (future string))                                      ;; 17
  (type $fu0 (future))                                             ;; 18
  (type $map (map string u32))                                     ;; 19
  (type $ec error-context)                                         ;; 20
  (type bool) (type s8) (type u8) (type s16) (type u16) (type s32) (type u32)
  (type s64) (type u64) (type f32) (type f64) (type char) (type string)  ;; 21..33
)
