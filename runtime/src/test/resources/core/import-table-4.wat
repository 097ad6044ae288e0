;; Wants a table of at least 4 entries: engine-a's, of 2, does not match.
(module (import "a" "table" (table 4 funcref)))
