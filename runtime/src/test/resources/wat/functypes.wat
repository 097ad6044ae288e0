;; Function, component and instance types, with type-scope outer aliases, imports, exports and
;; type bounds.
(component
  (type $point (record (field "x" s32) (field "y" s32)))                     ;; type 0
  (type $f0 (func))                                                           ;; type 1
  (type $f1 (func (param "p" $point) (param "s" string) (result u64)))       ;; type 2
  (type $f2 (func async (param "n" u32) (result string)))                    ;; type 3
  (type $it (instance                                                         ;; type 4
    (alias outer 1 0 (type $pt))
    (export "point" (type $p (eq $pt)))
    (export "res" (type $r (sub resource)))
    (type $m (func (param "self" (borrow $r)) (result $p)))
    (export "[method]res.get" (func (type $m)))
  ))
  (type $ct (component                                                       ;; type 5
    (import "in" (instance $i (type $it)))
    (alias export $i "res" (type $r))
    (type $ctor (func (result (own $r))))
    (import "make" (func (type $ctor)))
    (core type $cm (module
      (type $ft (func (param i32 i64) (result f32)))
      (import "env" "f" (func (type $ft)))
      (import "env" "mem" (memory 1 2))
      (import "env" "tbl" (table 3 externref))
      (import "env" "g" (global (mut i32)))
      (export "run" (func (type $ft)))
    ))
    (export "m" (core module (type $cm)))
    (export "c" (component (type 0)))
  ))
  (core type $cf (func (param i32 i32) (result i32)))                         ;; core type 0
  (import "f1" (func (type $f1)))                                             ;; func 0
  (import "ct" (component (type $ct)))                                        ;; component 0
)
