import re
from string import Template


class Employee:
    name = ""
    salary = 0


def build_report(employee: Employee, template: str) -> str:
    values = {"name": employee.name, "salary": str(employee.salary)}
    return Template(template).safe_substitute(values)


def build_summary(employee: Employee, template: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str({"name": employee.name}.get(m.group(1), "")), template)


def greeting(name: str) -> str:
    return "Hello {name}, welcome back".format(name=name)
