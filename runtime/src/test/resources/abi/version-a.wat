;; Imports wasmlet:abi/version@0.2.0, for semver matching: ask() returns the host's name().
(component
  (import "wasmlet:abi/version@0.2.0" (instance $host (export "name" (func (result u32)))))
  (core func $name (canon lower (func $host "name")))
  (core module $M
    (import "host" "name" (func $name (result i32)))
    (func (export "ask") (result i32) (call $name)))
  (core instance $m (instantiate $M (with "host" (instance (export "name" (func $name))))))
  (func (export "ask") (result u32) (canon lift (core func $m "ask")))
)
