;; Wants a memory of at least 2 pages: engine-a's, of 1 page, does not match.
(module (import "a" "memory" (memory 2)))
