;; Imports the memory and global of engine-a: state shared across instances.
(module
  (import "a" "memory" (memory 1))
  (import "a" "g" (global (mut i32)))
  (func (export "load") (param i32) (result i32)
    local.get 0 i32.load)
  (func (export "bump")
    global.get 0 i32.const 1 i32.add global.set 0))
