import zipfile


UPLOADS = "/srv/uploads"


def unpack(destination):
    # zipfile removes "..", drive letters and leading slashes from member names itself.
    with zipfile.ZipFile(UPLOADS + "/latest.zip") as archive:
        archive.extractall(destination)
        archive.extract(archive.namelist()[0], destination)
