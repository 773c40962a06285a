let shout (s : strng) = s ^ "!"
