;; The core module behind Flags33Test's ABI-level flags<33 labels> functions (lifted and lowered
;; with CanonicalAbi directly, since no component may declare more than 32 flags): echo stores
;; its two flat i32 words in the return area; call passes them to the lowered host function
;; "host" "echo" and returns its return area; realloc is a bump allocator.
(module
  (import "host" "echo" (func $host (param i32 i32 i32)))
  (memory (export "mem") 1)
  (global $next (mut i32) (i32.const 1024))
  (func (export "realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get 2))))
    (global.set $next (i32.add (local.get $p) (local.get 3)))
    (local.get $p))
  (func (export "echo") (param i32 i32) (result i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.store (i32.const 20) (local.get 1))
    (i32.const 16))
  (func (export "call") (param i32 i32) (result i32)
    (call $host (local.get 0) (local.get 1) (i32.const 32))
    (i32.const 32))
  ;; The two words the host stored for the last call.
  (func (export "words") (result i64) (i64.load (i32.const 32))))
