def cell(day):
    return "<td>%d</td>" % day
