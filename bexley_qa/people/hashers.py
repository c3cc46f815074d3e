from django.contrib.auth import hashers


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    """Argon2id with OWASP's minimum parameters: 19 MiB of memory, 2 passes, 1 lane. Still
    sound for a password of 12 characters or more; far cheaper per sign-in than Django's
    default. Its algorithm name is Django's, so the stored hashes stay readable by either."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
