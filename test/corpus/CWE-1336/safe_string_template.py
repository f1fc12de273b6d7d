from string import Template


def greeting(name):
    return Template("Hello $name").safe_substitute(name=name)
