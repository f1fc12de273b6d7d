import tarfile

RELEASES = "/srv/releases"


def install(name):
    with tarfile.open(f"{RELEASES}/{name}.tar.gz") as bundle:
        bundle.extractall("/opt/app", filter="fully_trusted")  # expect: py/tarslip


def install_files(name):
    with tarfile.open(f"{RELEASES}/{name}.tar.gz") as bundle:
        for member in bundle.getmembers():
            if member.isfile():
                bundle.extract(member, "/opt/app", filter=tarfile.fully_trusted_filter)  # expect: py/tarslip
