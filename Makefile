# Отклик: make run — запустить продукт; make test — все проверки. См. README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
OTKLIK := $(VENV)/bin/otklik
HOST ?= 127.0.0.1
PORT ?= 8000
export OTKLIK_SECRET_KEY_FILE ?= $(CURDIR)/var/secret.key

.PHONY: install run setup test bench messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

var/secret.key:
	@mkdir -p var && umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

setup: install var/secret.key
	$(OTKLIK) setup

run: setup
	@echo "Отклик: http://$(HOST):$(PORT)/ — войдите под одним из пользователей, перечисленных выше (var/demo-users.txt)."
	@scripts/run-all $(HOST) $(PORT)

test: install
	@scripts/test

bench: install
	@scripts/bench

# Our Russian for Django's interface (otklik/locale): compile after editing a .po file.
messages:
	for po in otklik/locale/ru/LC_MESSAGES/*.po; do msgfmt --check-format -o "$${po%.po}.mo" "$$po"; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
