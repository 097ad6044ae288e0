;; Wants an immutable global: engine-a's mutable one does not match.
(module (import "a" "g" (global i32)))
