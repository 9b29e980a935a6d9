print("natsd")
