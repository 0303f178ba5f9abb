"""A small HTTP client for loopback benchmarks: cookies, CSRF, login, and the forms of a page.

Standard library only (http.client and html.parser), so `make bench` needs nothing beyond the
README's setup. One Client = one browser: its own connection and cookie jar.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    @property
    def queries(self) -> int | None:
        value = self.headers.get("x-query-count")
        return int(value) if value and value.isdigit() else None

    def timing(self, name: str) -> float | None:
        """A `Server-Timing` duration in ms (`sql`, `app`: see core/query_count.py)."""
        for entry in self.headers.get("server-timing", "").split(","):
            key, _, rest = entry.strip().partition(";dur=")
            if key == name and rest:
                try:
                    return float(rest)
                except ValueError:
                    return None
        return None


class Client:
    def __init__(self, host: str, port: int, *, timeout: float = 120, language: str = "id") -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {"csrplan_language": language}
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def close(self) -> None:
        self.conn.close()

    def reconnect(self) -> None:
        self.conn.close()
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Response:
        hdrs = {"Host": f"{self.host}:{self.port}", "User-Agent": "csrplan-bench"}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        hdrs.update(headers or {})
        started = time.perf_counter()
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                raw = self.conn.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.BadStatusLine):
                # gunicorn's sync workers close idle keep-alive connections: reconnect once.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt:
                    raise
        elapsed = time.perf_counter() - started
        for value in raw.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            cookie_value = rest.split(";", 1)[0]
            if "expires=Thu, 01 Jan 1970" in value or "Max-Age=0" in value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = cookie_value
        if raw.will_close:
            self.conn.close()
        headers = {k.lower(): v for k, v in raw.getheaders()}
        return Response(raw.status, headers, data, elapsed)

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict | list, *, referer: str | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            "Referer": f"http://{self.host}:{self.port}{referer or path}",
            "Origin": f"http://{self.host}:{self.port}",
        }
        return self.request("POST", path, body=body, headers=headers)

    def login(self, username: str, password: str) -> bool:
        page = self.get("/accounts/login/")
        forms = parse_forms(page.text)
        form = next((f for f in forms if "password" in f.names), None)
        if form is None:
            return False
        data = form.defaults()
        data.update({"username": username, "password": password})
        response = self.post(form.action or "/accounts/login/", list(data.items()), referer="/accounts/login/")
        return response.status in (302, 303) and "sessionid" in self.cookies


# --- Forms ---------------------------------------------------------------------------------
@dataclass
class Field:
    tag: str  # input, select, textarea
    name: str
    type: str = "text"
    value: str = ""
    checked: bool = False
    required: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    in_main: bool
    fields: list[Field] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        return {f.name for f in self.fields}

    def defaults(self) -> dict[str, str]:
        """What a browser would send without the user touching anything (no submit buttons)."""
        data: dict[str, str] = {}
        for f in self.fields:
            if f.tag == "input" and f.type in ("submit", "button", "image", "reset", "file"):
                continue
            if f.tag == "input" and f.type in ("checkbox", "radio"):
                if f.checked:
                    data[f.name] = f.value or "on"
                continue
            if f.tag == "select":
                selected = [v for v, s in f.options if s] or [v for v, _ in f.options[:1]]
                if selected:
                    data[f.name] = selected[0]
                continue
            data[f.name] = f.value
        return data


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.main_depth = 0
        self.select: Field | None = None
        self.option: tuple[str, bool] | None = None
        self.option_text = ""
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "main":
            self.main_depth += 1
        elif tag == "form":
            self.current = Form(
                action=a.get("action", ""),
                method=a.get("method", "get").lower(),
                enctype=a.get("enctype", ""),
                in_main=self.main_depth > 0,
            )
            self.forms.append(self.current)
        elif self.current is None or "name" not in a and tag != "option":
            return
        elif tag == "input":
            self.current.fields.append(
                Field(
                    "input",
                    a["name"],
                    type=a.get("type", "text").lower(),
                    value=a.get("value", ""),
                    checked="checked" in a,
                    required="required" in a,
                    attrs=a,
                )
            )
        elif tag == "select":
            self.select = Field("select", a["name"], type="select", required="required" in a, attrs=a)
            self.current.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = (a.get("value"), "selected" in a)
            self.option_text = ""
        elif tag == "textarea":
            self.textarea = Field("textarea", a["name"], type="textarea", required="required" in a, attrs=a)
            self.current.fields.append(self.textarea)
        elif tag == "button" and a.get("name"):
            self.current.fields.append(Field("input", a["name"], type="submit", value=a.get("value", ""), attrs=a))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option_text += data

    def handle_endtag(self, tag):
        if tag == "main":
            self.main_depth -= 1
        elif tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "option" and self.select is not None and self.option is not None:
            value, selected = self.option
            self.select.options.append((value if value is not None else self.option_text.strip(), selected))
            self.option = None
        elif tag == "textarea":
            if self.textarea is not None and self.textarea.value.startswith("\n"):
                self.textarea.value = self.textarea.value[1:]
            self.textarea = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


TRACKING_CODE = re.compile(r"ASP-[23456789A-HJKMNP-Z]{4}-[23456789A-HJKMNP-Z]{4}")
