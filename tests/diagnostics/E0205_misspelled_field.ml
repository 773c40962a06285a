type point = { x : int; y : int }

let norm p = p.x * p.x + p.z * p.z
