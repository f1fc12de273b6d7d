from azure.storage.blob import ContainerClient


def container(url, kek, resolver):
    client = ContainerClient.from_container_url(url)
    client.key_resolver_function = resolver
    client.key_encryption_key = kek  # expect: py/azure-storage/unsafe-client-side-encryption-in-use
    return client
