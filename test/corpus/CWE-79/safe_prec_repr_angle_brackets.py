class Node:
    def __init__(self, tag, label):
        self.tag = tag
        self.label = label

    def __repr__(self):
        return "<Node %s: %s>" % (self.tag, self.label)

    def __str__(self):
        return f"<{self.tag}>{self.label}</{self.tag}>"
