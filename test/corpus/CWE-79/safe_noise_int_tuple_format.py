def day_cell(day):
    return '<td class="%s">%d</td>' % ("day", day)
