;; A nested component that reaches its parent through outer aliases, instantiated twice; an
;; export alias out of one instance, and exports of several sorts.
(component $outer
  (type $s string)                                                            ;; type 0
  (core module $empty)                                                        ;; core module 0
  (type $ft (func (param "a" $s) (result $s)))                                ;; type 1
  (import "host" (instance $host (export "greet" (func (type $ft)))))         ;; instance 0
  (component $inner                                                           ;; component 0
    (alias outer $outer $s (type $s2))
    (alias outer $outer $empty (core module $m))
    (alias outer 1 1 (type $ft2))
    (import "greet" (func $g (type $ft2)))
    (core instance $ci (instantiate $m))
    (component $innermost
      (alias outer 2 0 (type $deep))
      (import "x" (type (eq $deep)))
    )
    (export "greet2" (func $g))
    (export "innermost" (component $innermost))
  )
  (alias export $host "greet" (func $greet))                                  ;; func 0
  (instance $a (instantiate $inner (with "greet" (func $greet))))            ;; instance 1
  (instance $b (instantiate $inner (with "greet" (func $a "greet2"))))       ;; instance 2 (+ alias)
  (instance $bag (export "f" (func $greet)) (export "t" (type $s)))          ;; instance 3
  (export "run" (func $b "greet2"))
  (export "bag" (instance $bag))
  (export "inner" (component $inner))
  (export "m" (core module $empty))
)
