type counter = { mutable count : int }
