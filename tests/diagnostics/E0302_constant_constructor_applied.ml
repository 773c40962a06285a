let nothing = None 3
