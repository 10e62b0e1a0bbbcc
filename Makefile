# 《实施方案》起草系统。README“快速开始”的两条命令就是这里的 `make` 和 `make test`。
# 两者都从全新的 Debian/Ubuntu 机器开始：先装系统依赖（字体等），再建 .venv，然后干活。
# 可以重复运行：已装好的部分会跳过。

VENV   := .venv
PY     := $(VENV)/bin/python
PLAN   := $(VENV)/bin/plan
STAMP  := $(VENV)/.installed

.PHONY: all build test bench serve check system system-test clean mutation

all: build

system:
	@scripts/setup-system.sh

system-test:
	@scripts/setup-system.sh --with-test-tools

$(STAMP): pyproject.toml requirements.lock
	@echo "【安装】Python 虚拟环境与固定版本的依赖（.venv）"
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@$(PY) -m compileall -q scripts macros >/dev/null   # as pip does for what it installs: fast start-up
	@touch $@

build: system $(STAMP)
	@$(PLAN) build

# Three workers (pytest-xdist), each given whole files so module fixtures are built once;
# three on two cores, because many tests wait on a browser or a child process.
test: system-test $(STAMP)
	@$(PY) -m pytest -n 3 --dist loadfile --no-loadscope-reorder

bench: system $(STAMP)
	@$(PLAN) bench

check: $(STAMP)
	@$(PLAN) check

serve: $(STAMP)   # 快速预览：保存一章只重建这一页（README“本地预览”）
	@$(VENV)/bin/mkdocs serve --dirty --no-strict

# Mutation score per module (slow; not part of `make test`). One module:
#   make mutation MODULES=scripts/numbering.py
MUTATION_STAMP := $(VENV)/.mutation-installed
MODULES ?=

$(MUTATION_STAMP): mutation/requirements.txt $(STAMP)
	@echo "【安装】变异测试工具 mutmut（mutation/requirements.txt）"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r mutation/requirements.txt
	@touch $@

mutation: system $(MUTATION_STAMP)
	@nice -n 19 $(PY) mutation/run.py $(MODULES)

clean:
	rm -rf site site-internal build dist
