;; A flags type with 33 labels. jco parse (wasm-tools parse) writes it, but the component model
;; has allowed at most 32 flags since 2024: wasm-tools validation ("cannot have more than 32
;; flags") and Wasmlet's parser both refuse it. Flags33Test covers 33 flags at the ABI level with
;; flags33-core.wat instead. The component would echo a value of the type (two flat i32s, so the
;; result comes back through a return pointer).
(component
  (type $f (flags "f0" "f1" "f2" "f3" "f4" "f5" "f6" "f7" "f8" "f9" "f10" "f11" "f12" "f13" "f14" "f15" "f16" "f17" "f18" "f19" "f20" "f21" "f22" "f23" "f24" "f25" "f26" "f27" "f28" "f29" "f30" "f31" "f32" ))
  (export $fe "f33" (type $f))
  (core module $M
    (memory (export "mem") 1)
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 16) (local.get 0))
      (i32.store (i32.const 20) (local.get 1))
      (i32.const 16)))
  (core instance $m (instantiate $M))
  (func (export "echo") (param "v" $fe) (result $fe) (canon lift (core func $m "echo") (memory (core memory $m "mem"))))
)
