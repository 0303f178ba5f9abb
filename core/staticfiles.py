"""The production static files storage, with each file's URL looked up once per process.

`{% static %}` asks the storage for a hashed URL: about 90 Python calls (the manifest look-up,
URL quoting) for a name whose URL cannot change until the next deploy (the manifest is read when
the process starts). Every page has eight of them; the answer is kept per name.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)  # a name missing from the manifest raises: not kept
            return url
