import flask

server = flask.Flask("api")

server.run(host="127.0.0.1", port=8080, debug=True)  # expect: py/flask-debug
