;; Puts a function it imports into a table it imports (both engine-a's), as the fixup module of
;; a component does: a table passed from one instance to another. Endive 1.0.0 checks a
;; call_indirect across modules by type index rather than by type, so the signature has index 0
;; here and in engine-a, as the shim and fixup modules of a component happen to agree too.
(module
  (import "a" "table" (table 2 funcref))
  (import "a" "seven" (func $seven (result i32)))
  (elem (i32.const 1) func $seven))
