let label = "count: " ^ 3
