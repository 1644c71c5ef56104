"""Go modules known to be pure Go (no `import "C"` in any package a program can use), and
modules known to need cgo.

Why a list: `ENV CGO_ENABLED=0` may only be added to a build when no part of it can need cgo
(heuristics/golang.py). The module's own sources and `vendor/` are read, but a dependency
that `go mod download` fetches into the module cache is not in the build context: its
sources cannot be read, so only this list can prove it pure. A module in neither list is
*not provably pure*: the build's linkage is then left as the Dockerfile had it.

Matching: a module path matches an entry when it equals it, or equals it plus a major-version
suffix (`/v2`, `/v9`...); a `PREFIXES` entry matches every module under it, except the paths
in `CGO` (checked first). Add an entry only after checking that no package of the module (at
any version a current go.mod may require) has a `.go` file importing "C" without a pure-Go
fallback the default build uses.
"""

from __future__ import annotations

import re

# Modules that need cgo: a program using them does not build, or fails at run time, with
# CGO_ENABLED=0 ("Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo").
CGO = frozenset("""
github.com/mattn/go-sqlite3
gorm.io/driver/sqlite
github.com/jinzhu/gorm/dialects/sqlite
github.com/confluentinc/confluent-kafka-go
github.com/confluentinc/confluent-kafka-go/v2
github.com/DataDog/zstd
github.com/valyala/gozstd
github.com/tecbot/gorocksdb
github.com/linxGnu/grocksdb
github.com/go-gl/glfw
github.com/go-gl/gl
github.com/mattn/go-oci8
github.com/godror/godror
github.com/google/gopacket
github.com/miekg/pkcs11
github.com/h2non/bimg
github.com/davidbyttow/govips
github.com/gen2brain/go-fitz
golang.org/x/mobile
golang.org/x/exp/shiny
""".split())

# Pure-Go modules, by exact path (a major-version suffix is allowed after them).
PURE = frozenset("""
github.com/gin-gonic/gin
github.com/gin-contrib/sse
github.com/gin-contrib/cors
github.com/gin-contrib/gzip
github.com/gin-contrib/sessions
github.com/labstack/echo
github.com/labstack/echo/v4
github.com/labstack/gommon
github.com/go-chi/chi
github.com/go-chi/cors
github.com/go-chi/render
github.com/gorilla/mux
github.com/gorilla/handlers
github.com/gorilla/websocket
github.com/gorilla/sessions
github.com/gorilla/securecookie
github.com/gorilla/schema
github.com/gorilla/context
github.com/julienschmidt/httprouter
github.com/gofiber/fiber
github.com/valyala/fasthttp
github.com/valyala/bytebufferpool
github.com/valyala/fasttemplate
github.com/valyala/tcplisten
github.com/andybalholm/brotli
github.com/klauspost/compress
github.com/klauspost/cpuid
github.com/spf13/viper
github.com/spf13/cobra
github.com/spf13/pflag
github.com/spf13/afero
github.com/spf13/cast
github.com/spf13/jwalterweatherman
github.com/subosito/gotenv
github.com/joho/godotenv
github.com/kelseyhightower/envconfig
github.com/caarlos0/env
github.com/fsnotify/fsnotify
github.com/hashicorp/hcl
github.com/magiconair/properties
github.com/mitchellh/mapstructure
github.com/pelletier/go-toml
github.com/BurntSushi/toml
github.com/sagikazarmark/locafero
github.com/sagikazarmark/slog-shim
github.com/sourcegraph/conc
github.com/inconshreveable/mousetrap
github.com/cpuguy83/go-md2man
github.com/russross/blackfriday
github.com/urfave/cli
go.uber.org/zap
go.uber.org/atomic
go.uber.org/multierr
go.uber.org/goleak
go.uber.org/dig
go.uber.org/fx
github.com/sirupsen/logrus
github.com/rs/zerolog
github.com/rs/cors
github.com/rs/xid
github.com/jackc/pgx
github.com/jackc/pgconn
github.com/jackc/pgio
github.com/jackc/pgpassfile
github.com/jackc/pgproto3
github.com/jackc/pgservicefile
github.com/jackc/pgtype
github.com/jackc/puddle
github.com/jackc/chunkreader
github.com/lib/pq
github.com/go-sql-driver/mysql
github.com/denisenkom/go-mssqldb
github.com/microsoft/go-mssqldb
github.com/golang-sql/civil
github.com/golang-sql/sqlexp
github.com/jmoiron/sqlx
github.com/go-redis/redis
github.com/redis/go-redis
github.com/gomodule/redigo
github.com/cespare/xxhash
github.com/dgryski/go-rendezvous
go.mongodb.org/mongo-driver
github.com/golang/snappy
github.com/montanaflynn/stats
github.com/xdg-go/pbkdf2
github.com/xdg-go/scram
github.com/xdg-go/stringprep
github.com/youmark/pkcs8
modernc.org/sqlite
modernc.org/libc
modernc.org/mathutil
modernc.org/memory
modernc.org/cc
modernc.org/ccgo
modernc.org/opt
modernc.org/strutil
modernc.org/token
github.com/glebarez/sqlite
github.com/glebarez/go-sqlite
github.com/remyoudompheng/bigfft
github.com/ncruces/go-strftime
gorm.io/gorm
gorm.io/driver/postgres
gorm.io/driver/mysql
gorm.io/driver/sqlserver
github.com/jinzhu/inflection
github.com/jinzhu/now
github.com/google/uuid
github.com/gofrs/uuid
github.com/satori/go.uuid
github.com/oklog/ulid
github.com/google/go-cmp
github.com/google/gofuzz
github.com/google/go-querystring
github.com/golang/protobuf
github.com/golang/mock
github.com/golang/glog
github.com/golang/groupcache
github.com/golang-jwt/jwt
github.com/dgrijalva/jwt-go
github.com/go-playground/validator
github.com/go-playground/locales
github.com/go-playground/universal-translator
github.com/go-playground/form
github.com/leodido/go-urn
github.com/gabriel-vasile/mimetype
github.com/json-iterator/go
github.com/modern-go/concurrent
github.com/modern-go/reflect2
github.com/goccy/go-json
github.com/goccy/go-yaml
github.com/bytedance/sonic
github.com/bytedance/sonic/loader
github.com/chenzhuoyu/base64x
github.com/chenzhuoyu/iasm
github.com/cloudwego/base64x
github.com/cloudwego/iasm
github.com/twitchyliquid64/golang-asm
github.com/ugorji/go
github.com/ugorji/go/codec
github.com/mattn/go-isatty
github.com/mattn/go-colorable
github.com/mattn/go-runewidth
github.com/fatih/color
github.com/rivo/uniseg
github.com/arl/statsviz
github.com/tidwall/gjson
github.com/tidwall/match
github.com/tidwall/pretty
github.com/tidwall/sjson
github.com/stretchr/testify
github.com/stretchr/objx
github.com/davecgh/go-spew
github.com/pmezard/go-difflib
github.com/kr/pretty
github.com/kr/text
github.com/rogpeppe/go-internal
github.com/pkg/errors
github.com/hashicorp/errwrap
github.com/hashicorp/go-multierror
github.com/hashicorp/golang-lru
github.com/patrickmn/go-cache
github.com/robfig/cron
github.com/prometheus/client_golang
github.com/prometheus/client_model
github.com/prometheus/common
github.com/prometheus/procfs
github.com/beorn7/perks
github.com/matttproud/golang_protobuf_extensions
github.com/gorilla/csrf
github.com/swaggo/swag
github.com/swaggo/gin-swagger
github.com/swaggo/files
github.com/KyleBanks/depth
github.com/go-openapi/jsonpointer
github.com/go-openapi/jsonreference
github.com/go-openapi/spec
github.com/go-openapi/swag
github.com/josharian/intern
github.com/mailru/easyjson
github.com/segmentio/kafka-go
github.com/nats-io/nats.go
github.com/nats-io/nkeys
github.com/nats-io/nuid
github.com/streadway/amqp
github.com/rabbitmq/amqp091-go
github.com/aws/aws-sdk-go
github.com/aws/aws-sdk-go-v2
github.com/aws/smithy-go
github.com/jmespath/go-jmespath
github.com/grpc-ecosystem/grpc-gateway
github.com/grpc-ecosystem/go-grpc-middleware
github.com/opentracing/opentracing-go
github.com/felixge/httpsnoop
github.com/go-logr/logr
github.com/go-logr/stdr
github.com/mitchellh/go-homedir
github.com/olekukonko/tablewriter
github.com/shopspring/decimal
github.com/Masterminds/semver
github.com/Masterminds/squirrel
github.com/lann/builder
github.com/lann/ps
github.com/golang-migrate/migrate
github.com/pressly/goose
github.com/hashicorp/go-version
github.com/dustin/go-humanize
github.com/go-resty/resty
github.com/gorilla/rpc
github.com/streadway/handy
github.com/yuin/goldmark
gopkg.in/yaml.v2
gopkg.in/yaml.v3
gopkg.in/ini.v1
gopkg.in/check.v1
gopkg.in/natefinch/lumberjack.v2
gopkg.in/go-playground/validator.v9
gopkg.in/go-playground/assert.v1
gopkg.in/alexcesaro/quotedprintable.v3
gopkg.in/gomail.v2
gopkg.in/tomb.v1
gopkg.in/errgo.v2
gopkg.in/square/go-jose.v2
google.golang.org/grpc
google.golang.org/protobuf
google.golang.org/genproto
google.golang.org/genproto/googleapis/api
google.golang.org/genproto/googleapis/rpc
google.golang.org/appengine
google.golang.org/api
go.opentelemetry.io/otel
go.opentelemetry.io/otel/trace
go.opentelemetry.io/otel/metric
go.opentelemetry.io/otel/sdk
go.opencensus.io
cloud.google.com/go
cloud.google.com/go/compute
cloud.google.com/go/compute/metadata
""".split())

# Every module under these prefixes is pure Go (paths in CGO excepted).
PREFIXES = (
    "golang.org/x/",          # x/sys, x/net, x/crypto, x/text, x/sync, x/time, x/oauth2, ... (not x/mobile)
    "github.com/aws/aws-sdk-go-v2/",
    "go.opentelemetry.io/otel/",
    "cloud.google.com/go/",
)

_MAJOR = re.compile(r"/v[0-9]+$")


def verdict(module: str) -> str:
    """'pure', 'cgo' or 'unknown' for a module path."""
    bare = _MAJOR.sub("", module)
    if module in CGO or bare in CGO:
        return "cgo"
    if module in PURE or bare in PURE or any(module.startswith(p) for p in PREFIXES):
        return "pure"
    return "unknown"


def requirements(go_mod: str) -> tuple[str, ...]:
    """The module paths a go.mod requires (direct and indirect), in order of appearance."""
    text = re.sub(r"//[^\n]*", "", go_mod)
    out: list[str] = []
    for m in re.finditer(r"^\s*require\s*\((.*?)\)|^\s*require\s+(\S+)\s+\S+", text, re.M | re.S):
        if m.group(2):
            out.append(m.group(2).strip('"'))
        else:
            for line in m.group(1).splitlines():
                parts = line.split()
                if len(parts) >= 2:
                    out.append(parts[0].strip('"'))
    return tuple(dict.fromkeys(out))


def local_replacements(go_mod: str) -> dict[str, str]:
    """`replace M [v] => ./dir`: module path -> the relative directory that replaces it."""
    text = re.sub(r"//[^\n]*", "", go_mod)
    out: dict[str, str] = {}
    lines: list[str] = []
    for m in re.finditer(r"^\s*replace\s*\((.*?)\)|^\s*replace\s+([^\n]+)", text, re.M | re.S):
        lines.extend(m.group(1).splitlines() if m.group(1) is not None else [m.group(2)])
    for line in lines:
        left, arrow, right = line.partition("=>")
        if not arrow or not left.split():
            continue
        target = right.split()
        if len(target) == 1 and target[0].startswith(("./", "../", "/")):
            out[left.split()[0].strip('"')] = target[0]
    return out


def vendored(modules_txt: str) -> frozenset[str]:
    """The modules `vendor/modules.txt` lists (`# path version` lines)."""
    return frozenset(m.group(1) for m in re.finditer(r"^# (\S+) ", modules_txt, re.M))
