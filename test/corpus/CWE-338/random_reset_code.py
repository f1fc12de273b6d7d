import random


class Account:
    def start_reset(self):
        self.reset_code = random.randint(100000, 999999)  # expect: py/insecure-randomness
        return self.reset_code
