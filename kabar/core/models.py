from django.db import models


class Sequence(models.Model):
    """A named counter that hands out strictly increasing numbers.

    The row is updated inside the writer's transaction, so its lock is held until commit: numbers
    become visible in the same order they were handed out, which is what a tailing reader needs
    (a database SEQUENCE can commit 7 before 6 and a tailer would skip 6 for ever).
    """

    name = models.CharField(max_length=64, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
