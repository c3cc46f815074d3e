"""The annual parent/carer survey (the seed's 3.1.1): rounds, the call list, responses with no
personal details, results round on round, and each round's report."""
