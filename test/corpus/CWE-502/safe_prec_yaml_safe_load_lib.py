import yaml


def load_manifest(path):
    with open("/etc/deploy/manifest.yaml") as fh:
        return yaml.safe_load(fh)
