(module
  (import "host" "cb" (func $cb (param i32) (result i32)))
  (memory (export "mem") 1)
  (func (export "realloc") (param i32) (result i32) (i32.store (i32.const 100) (local.get 0)) (i32.const 64))
  (func (export "callhost") (param i32) (result i32) (call $cb (local.get 0)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "spin") (loop $l (br $l)))
  (func (export "trap") unreachable)
  (func (export "oob") (result i32) (i32.load (i32.const 0x7fffffff))))
