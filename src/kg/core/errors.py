"""The errors that the faces (CLI, web app) turn into a clear message and exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Input that cannot be read or a usage error: one clear line for a person, exit code 2.

    ``source`` names the file (or parameter) at fault; ``row`` the row where it applies, as the steward sees it
    (the spreadsheet's row, the CSV line; the header is row 1).
    """

    def __init__(self, message: str, source: str | None = None, row: int | None = None) -> None:
        self.message = message
        self.source = source
        self.row = row
        super().__init__(str(self))

    def __reduce__(self) -> tuple:
        """Pickled with its fields and a subclass's own (a worker process hands it back as it was raised)."""
        return type(self), (self.message, self.source, self.row), dict(self.__dict__)

    def __str__(self) -> str:
        where = self.source or ""
        if self.row is not None:
            where = f"{where}, baris/row {self.row}" if where else f"baris/row {self.row}"
        return f"{where}: {self.message}" if where else self.message
