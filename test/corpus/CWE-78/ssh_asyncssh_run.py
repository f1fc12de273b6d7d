import asyncssh


async def disk_usage(host: str, mount: str) -> str:
    async with asyncssh.connect(host) as conn:
        result = await conn.run(f"df -h {mount}")  # expect: py/command-line-injection
        return result.stdout
