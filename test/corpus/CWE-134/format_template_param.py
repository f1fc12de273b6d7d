class Employee:
    def __init__(self, name: str, salary: int, ssn: str):
        self.name = name
        self.salary = salary
        self.ssn = ssn


def build_report(employee: Employee, template: str) -> str:
    return template.format(employee=employee)  # expect: seclsp/format-string-injection
