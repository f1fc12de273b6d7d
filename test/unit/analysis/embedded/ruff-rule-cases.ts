/**
 * One vulnerable snippet and one safe look-alike per mapped ruff S rule. `at` is the exact text
 * ruff must highlight (its LAST occurrence in `vulnerable`), so expected ranges are computed from
 * the snippet itself, never copied from ruff's output.
 */
export interface RuffRuleCase {
  code: string;
  vulnerable: string;
  at: string;
  safe: string;
}

export const RUFF_RULE_CASES: RuffRuleCase[] = [
  {
    code: "S101",
    vulnerable: "assert user.is_admin\n",
    at: "assert",
    safe: "if not user.is_admin:\n    raise PermissionError()\n",
  },
  { code: "S102", vulnerable: "exec(code)\n", at: "exec", safe: "self.exec(code)\n" },
  {
    code: "S103",
    vulnerable: 'import os\nos.chmod("f", 0o777)\n',
    at: "0o777",
    safe: 'import os\nos.chmod("f", 0o600)\n',
  },
  {
    code: "S104",
    vulnerable: 'sock.bind(("0.0.0.0", 80))\n',
    at: '"0.0.0.0"',
    safe: 'sock.bind(("127.0.0.1", 80))\n',
  },
  {
    code: "S105",
    vulnerable: 'password = "hunter2"\n',
    at: '"hunter2"',
    safe: 'import os\npassword = os.environ["PW"]\n',
  },
  {
    code: "S106",
    vulnerable: 'connect(password="hunter2")\n',
    at: 'password="hunter2"',
    safe: "connect(password=pw)\n",
  },
  {
    code: "S107",
    vulnerable: 'def login(user, password="hunter2"):\n    pass\n',
    at: '"hunter2"',
    safe: "def login(user, password=None):\n    pass\n",
  },
  {
    code: "S108",
    vulnerable: 'f = open("/tmp/report.txt", "w")\n',
    at: '"/tmp/report.txt"',
    safe: 'import tempfile\nf = tempfile.NamedTemporaryFile("w")\n',
  },
  {
    code: "S110",
    vulnerable: "try:\n    work()\nexcept Exception:\n    pass\n",
    at: "except Exception:\n    pass",
    safe: 'try:\n    work()\nexcept Exception:\n    log.exception("failed")\n',
  },
  {
    code: "S112",
    vulnerable: "for x in xs:\n    try:\n        work(x)\n    except Exception:\n        continue\n",
    at: "except Exception:\n        continue",
    safe: 'for x in xs:\n    try:\n        work(x)\n    except Exception:\n        log.exception("x")\n',
  },
  {
    code: "S113",
    vulnerable: "import requests\nrequests.get(url)\n",
    at: "requests.get",
    safe: "import requests\nrequests.get(url, timeout=5)\n",
  },
  {
    code: "S201",
    vulnerable: "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
    at: "debug=True",
    safe: "from flask import Flask\napp = Flask(__name__)\napp.run(debug=False)\n",
  },
  {
    code: "S202",
    vulnerable: "import tarfile\ntarfile.open(p).extractall()\n",
    at: "tarfile.open(p).extractall",
    safe: 'import tarfile\ntarfile.open(p).extractall(filter="data")\n',
  },
  {
    code: "S301",
    vulnerable: "import pickle\npickle.loads(data)\n",
    at: "pickle.loads(data)",
    safe: "import json\njson.loads(data)\n",
  },
  {
    code: "S302",
    vulnerable: "import marshal\nmarshal.loads(data)\n",
    at: "marshal.loads(data)",
    safe: "import json\njson.loads(data)\n",
  },
  {
    code: "S303",
    vulnerable: "from cryptography.hazmat.primitives import hashes\nhashes.MD5()\n",
    at: "hashes.MD5()",
    safe: "from cryptography.hazmat.primitives import hashes\nhashes.SHA256()\n",
  },
  {
    code: "S304",
    vulnerable: "from cryptography.hazmat.primitives.ciphers import algorithms\nalgorithms.ARC4(key)\n",
    at: "algorithms.ARC4(key)",
    safe: "from cryptography.hazmat.primitives.ciphers import algorithms\nalgorithms.AES(key)\n",
  },
  {
    code: "S305",
    vulnerable: "from cryptography.hazmat.primitives.ciphers import modes\nmodes.ECB()\n",
    at: "modes.ECB()",
    safe: "from cryptography.hazmat.primitives.ciphers import modes\nmodes.GCM(iv)\n",
  },
  {
    code: "S306",
    vulnerable: "import tempfile\nname = tempfile.mktemp()\n",
    at: "tempfile.mktemp()",
    safe: "import tempfile\nfd, name = tempfile.mkstemp()\n",
  },
  {
    code: "S307",
    vulnerable: "eval(expr)\n",
    at: "eval(expr)",
    safe: "import ast\nast.literal_eval(expr)\n",
  },
  {
    code: "S308",
    vulnerable: "from django.utils.safestring import mark_safe\nmark_safe(html)\n",
    at: "mark_safe(html)",
    safe: "from django.utils.html import escape\nescape(html)\n",
  },
  {
    code: "S310",
    vulnerable: "import urllib.request\nurllib.request.urlopen(url)\n",
    at: "urllib.request.urlopen(url)",
    safe: 'import urllib.request\nurllib.request.urlopen("https://example.com")\n',
  },
  {
    code: "S311",
    vulnerable: "import random\ntoken = random.random()\n",
    at: "random.random()",
    safe: "import secrets\ntoken = secrets.token_hex(16)\n",
  },
  {
    code: "S312",
    vulnerable: "import telnetlib\ntelnetlib.Telnet(host)\n",
    at: "telnetlib.Telnet(host)",
    safe: "import paramiko\nparamiko.SSHClient()\n",
  },
  {
    code: "S313",
    vulnerable: "import xml.etree.cElementTree\nxml.etree.cElementTree.parse(f)\n",
    at: "xml.etree.cElementTree.parse(f)",
    safe: "import defusedxml.cElementTree\ndefusedxml.cElementTree.parse(f)\n",
  },
  {
    code: "S314",
    vulnerable: "import xml.etree.ElementTree as ET\nET.parse(f)\n",
    at: "ET.parse(f)",
    safe: "import defusedxml.ElementTree as ET\nET.parse(f)\n",
  },
  {
    code: "S315",
    vulnerable: "import xml.sax.expatreader\nxml.sax.expatreader.create_parser()\n",
    at: "xml.sax.expatreader.create_parser()",
    safe: "import defusedxml.expatreader\ndefusedxml.expatreader.create_parser()\n",
  },
  {
    code: "S316",
    vulnerable: "import xml.dom.expatbuilder\nxml.dom.expatbuilder.parse(f)\n",
    at: "xml.dom.expatbuilder.parse(f)",
    safe: "import defusedxml.expatbuilder\ndefusedxml.expatbuilder.parse(f)\n",
  },
  {
    code: "S317",
    vulnerable: "import xml.sax\nxml.sax.parse(f, handler)\n",
    at: "xml.sax.parse(f, handler)",
    safe: "import defusedxml.sax\ndefusedxml.sax.parse(f, handler)\n",
  },
  {
    code: "S318",
    vulnerable: "import xml.dom.minidom\nxml.dom.minidom.parseString(s)\n",
    at: "xml.dom.minidom.parseString(s)",
    safe: "import defusedxml.minidom\ndefusedxml.minidom.parseString(s)\n",
  },
  {
    code: "S319",
    vulnerable: "import xml.dom.pulldom\nxml.dom.pulldom.parseString(s)\n",
    at: "xml.dom.pulldom.parseString(s)",
    safe: "import defusedxml.pulldom\ndefusedxml.pulldom.parseString(s)\n",
  },
  {
    code: "S321",
    vulnerable: "import ftplib\nftplib.FTP(host)\n",
    at: "ftplib.FTP(host)",
    safe: "import paramiko\nsftp = ssh.open_sftp()\n",
  },
  {
    code: "S323",
    vulnerable: "import ssl\nssl._create_unverified_context()\n",
    at: "ssl._create_unverified_context()",
    safe: "import ssl\nssl.create_default_context()\n",
  },
  {
    code: "S324",
    vulnerable: "import hashlib\nhashlib.md5(pw)\n",
    at: "hashlib.md5",
    safe: "import hashlib\nhashlib.sha256(pw)\n",
  },
  {
    code: "S501",
    vulnerable: "import requests\nrequests.get(url, verify=False, timeout=5)\n",
    at: "verify=False",
    safe: "import requests\nrequests.get(url, verify=True, timeout=5)\n",
  },
  {
    code: "S502",
    vulnerable: "import ssl\nssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)\n",
    at: "ssl_version=ssl.PROTOCOL_SSLv3",
    safe: "import ssl\nssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)\n",
  },
  {
    code: "S503",
    vulnerable: "import ssl\ndef connect(sock, ssl_version=ssl.PROTOCOL_SSLv2):\n    pass\n",
    at: "ssl.PROTOCOL_SSLv2",
    safe: "import ssl\ndef connect(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT):\n    pass\n",
  },
  {
    code: "S504",
    vulnerable: "import ssl\nssl.wrap_socket(sock)\n",
    at: "ssl.wrap_socket(sock)",
    safe: "import ssl\nssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)\n",
  },
  {
    code: "S505",
    vulnerable:
      "from cryptography.hazmat.primitives.asymmetric import rsa\nrsa.generate_private_key(public_exponent=65537, key_size=1024)\n",
    at: "1024",
    safe: "from cryptography.hazmat.primitives.asymmetric import rsa\nrsa.generate_private_key(public_exponent=65537, key_size=2048)\n",
  },
  {
    code: "S506",
    vulnerable: "import yaml\nyaml.load(s)\n",
    at: "yaml.load",
    safe: "import yaml\nyaml.safe_load(s)\n",
  },
  {
    code: "S507",
    vulnerable:
      "import paramiko\nclient = paramiko.SSHClient()\nclient.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n",
    at: "paramiko.AutoAddPolicy()",
    safe: "import paramiko\nclient = paramiko.SSHClient()\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())\n",
  },
  {
    code: "S508",
    vulnerable: 'from pysnmp.hlapi import CommunityData\nCommunityData("public", mpModel=0)\n',
    at: "mpModel=0",
    safe: 'from pysnmp.hlapi import CommunityData\nCommunityData("public", mpModel=2)\n',
  },
  {
    code: "S509",
    vulnerable: 'from pysnmp.hlapi import UsmUserData\nUsmUserData("user")\n',
    at: "UsmUserData",
    safe: 'from pysnmp.hlapi import UsmUserData\nUsmUserData("user", "authkey", "privkey")\n',
  },
  {
    code: "S601",
    vulnerable: "import paramiko\nparamiko.exec_command(cmd)\n",
    at: "paramiko.exec_command",
    safe: "import paramiko\nparamiko.SSHClient().open_sftp()\n",
  },
  {
    code: "S602",
    vulnerable: "import subprocess\nsubprocess.run(cmd, shell=True)\n",
    at: "subprocess.run",
    safe: 'import subprocess\nsubprocess.run(["/bin/ls", "-l"], shell=False)\n',
  },
  {
    code: "S603",
    vulnerable: "import subprocess\nsubprocess.run(cmd)\n",
    at: "subprocess.run",
    safe: 'import subprocess\nsubprocess.run(["/bin/ls", "-l"])\n',
  },
  {
    code: "S604",
    vulnerable: "run_command(cmd, shell=True)\n",
    at: "run_command",
    safe: "run_command(cmd, shell=False)\n",
  },
  {
    code: "S605",
    vulnerable: "import os\nos.system(cmd)\n",
    at: "os.system",
    safe: "import shutil\nshutil.which(cmd)\n",
  },
  {
    code: "S606",
    vulnerable: "import os\nos.spawnv(os.P_WAIT, path, args)\n",
    at: "os.spawnv",
    safe: "import os\nos.getpid()\n",
  },
  {
    code: "S607",
    vulnerable: 'import subprocess\nsubprocess.run(["ls", "-l"])\n',
    at: '["ls", "-l"]',
    safe: 'import subprocess\nsubprocess.run(["/bin/ls", "-l"])\n',
  },
  {
    code: "S608",
    vulnerable: 'cursor.execute("SELECT * FROM users WHERE id = %s" % uid)\n',
    at: '"SELECT * FROM users WHERE id = %s" % uid',
    safe: 'cursor.execute("SELECT * FROM users WHERE id = %s", (uid,))\n',
  },
  {
    code: "S609",
    vulnerable: 'import subprocess\nsubprocess.run("tar cf out.tar *", shell=True)\n',
    at: '"tar cf out.tar *"',
    safe: 'import subprocess\nsubprocess.run("tar cf out.tar data", shell=True)\n',
  },
  {
    code: "S610",
    vulnerable:
      "from django.contrib.auth.models import User\nUser.objects.all().extra(where=[f\"name = '{name}'\"])\n",
    at: "(where=[f\"name = '{name}'\"])",
    safe: "from django.contrib.auth.models import User\nUser.objects.filter(name=name)\n",
  },
  {
    code: "S611",
    vulnerable: "from django.db.models.expressions import RawSQL\nRawSQL(sql, [])\n",
    at: "RawSQL",
    safe: 'from django.db.models.expressions import RawSQL\nRawSQL("select 1", [])\n',
  },
  {
    code: "S612",
    vulnerable: "import logging.config\nlogging.config.listen(9999)\n",
    at: "logging.config.listen",
    safe: "import logging.config\nlogging.config.listen(9999, verify=check)\n",
  },
  {
    code: "S701",
    vulnerable: "import jinja2\njinja2.Environment(loader=loader, autoescape=False)\n",
    at: "autoescape=False",
    safe: "import jinja2\njinja2.Environment(loader=loader, autoescape=True)\n",
  },
  {
    code: "S702",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Mako syntax, not a JS template
    vulnerable: 'from mako.template import Template\nTemplate("hello ${user}")\n',
    at: "Template",
    safe: 'import jinja2\njinja2.Environment(autoescape=True).from_string("hello {{ name }}")\n',
  },
  {
    code: "S704",
    vulnerable: 'from markupsafe import Markup\nMarkup(f"<b>{name}</b>")\n',
    at: 'Markup(f"<b>{name}</b>")',
    safe: 'from markupsafe import Markup\nMarkup("<b>bold</b>")\n',
  },
];

/** Snippets that fire the S4xx / removed rules only with `preview` (or never): must stay silent. */
export const UNREPORTED_RULE_SNIPPETS: Record<string, string> = {
  S320: "import lxml.etree\nlxml.etree.fromstring(s)\n",
  S401: "import telnetlib\n",
  S402: "import ftplib\n",
  S403: "import pickle\n",
  S404: "import subprocess\n",
  S405: "import xml.etree.cElementTree\n",
  S406: "import xml.sax\n",
  S407: "import xml.dom.expatbuilder\n",
  S408: "import xml.dom.minidom\n",
  S409: "import xml.dom.pulldom\n",
  S410: "import lxml\n",
  S411: "import xmlrpc\n",
  S412: "from twisted.web.twcgi import CGIScript\n",
  S413: "import Crypto.Cipher\n",
  S415: "import pyghmi\n",
};
