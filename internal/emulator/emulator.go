// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

// Package emulator serves an in-memory imitation of the DevOps Agent private-connection
// API (and STS GetCallerIdentity) over HTTP, faithful enough for the real SDK to drive it:
// same paths, SigV4 checks, error shapes, input constraints and status transitions.
package emulator

import (
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Defaults used when the matching Options field is empty.
const (
	DefaultAccessKey = "AKIDEMULATOR000000001"
	DefaultSecretKey = "emulator-secret-key"
	DefaultAccountID = "123456789012"
	DefaultRegion    = "us-east-1"
	DefaultPartition = "aws"
)

// Operation names, as the SDK spells them.
const (
	OpCreatePrivateConnection            = "CreatePrivateConnection"
	OpDescribePrivateConnection          = "DescribePrivateConnection"
	OpListPrivateConnections             = "ListPrivateConnections"
	OpDeletePrivateConnection            = "DeletePrivateConnection"
	OpUpdatePrivateConnectionCertificate = "UpdatePrivateConnectionCertificate"
	OpTagResource                        = "TagResource"
	OpUntagResource                      = "UntagResource"
	OpListTagsForResource                = "ListTagsForResource"
	OpGetCallerIdentity                  = "GetCallerIdentity"
)

// Operations lists every operation the emulator serves.
var Operations = []string{
	OpCreatePrivateConnection,
	OpDescribePrivateConnection,
	OpListPrivateConnections,
	OpDeletePrivateConnection,
	OpUpdatePrivateConnectionCertificate,
	OpTagResource,
	OpUntagResource,
	OpListTagsForResource,
	OpGetCallerIdentity,
}

// Connection statuses, as the API spells them.
const (
	StatusActive           = "ACTIVE"
	StatusCreateInProgress = "CREATE_IN_PROGRESS"
	StatusCreateFailed     = "CREATE_FAILED"
	StatusDeleteInProgress = "DELETE_IN_PROGRESS"
	StatusDeleteFailed     = "DELETE_FAILED"
)

// Statuses lists every status a connection can have.
var Statuses = []string{
	StatusActive,
	StatusCreateInProgress,
	StatusCreateFailed,
	StatusDeleteInProgress,
	StatusDeleteFailed,
}

// Connection types, as the API spells them.
const (
	TypeServiceManaged = "SERVICE_MANAGED"
	TypeSelfManaged    = "SELF_MANAGED"
)

// maxBodyBytes is the largest request body accepted; anything above is answered with
// ContentSizeExceededException.
const maxBodyBytes = 1 << 20

// Options configures an Emulator. The zero value is usable.
type Options struct {
	// AccessKey is the only access key id accepted; DefaultAccessKey when empty.
	AccessKey string
	// SecretKey signs requests for AccessKey; DefaultSecretKey when empty.
	SecretKey string
	// SessionToken, when set, must arrive in X-Amz-Security-Token on every request.
	SessionToken string
	// AccountID appears in ARNs and GetCallerIdentity; DefaultAccountID when empty.
	AccountID string
	// Region scopes signatures and ARNs; DefaultRegion when empty.
	Region string
	// Partition appears in ARNs; DefaultPartition when empty.
	Partition string
	// CreateDelay is how long a new connection stays CREATE_IN_PROGRESS.
	// Zero makes CreatePrivateConnection answer ACTIVE straight away.
	CreateDelay time.Duration
	// DeleteDelay is how long a deleted connection stays DELETE_IN_PROGRESS.
	DeleteDelay time.Duration
	// Admin serves the unsigned /_emulator/ paths; when false they answer 404.
	Admin bool
	// Seed seeds the random draws (fault rates, generated ids, request ids), so two
	// emulators with the same seed and the same calls answer the same.
	Seed int64
	// Now is the emulator's clock; time.Now when nil. Status transitions and the
	// 15-minute signature skew check both read it, so a test clock should start near
	// the real time and be stepped forward.
	Now func() time.Time
	// Logger, when set, receives one line per request: method, path, operation and
	// status. It never sees a body, a credential or a signature.
	Logger *log.Logger
}

// Emulator is an http.Handler that imitates the private-connection API.
type Emulator struct {
	opts   Options
	signer *v4.Signer
	userID string

	mu       sync.Mutex
	rng      *rand.Rand
	conns    map[string]*record
	failNext map[string]map[string]bool // status -> name -> pending
	errs     map[string][]errorFault
	bad      map[string][]malformedFault
	throttle float64
	internal float64
	stats    Stats
}

// New returns an emulator with the given options, empty of connections.
func New(opts Options) *Emulator {
	if opts.AccessKey == "" {
		opts.AccessKey = DefaultAccessKey
	}
	if opts.SecretKey == "" {
		opts.SecretKey = DefaultSecretKey
	}
	if opts.AccountID == "" {
		opts.AccountID = DefaultAccountID
	}
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.Partition == "" {
		opts.Partition = DefaultPartition
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.CreateDelay = max(opts.CreateDelay, 0)
	opts.DeleteDelay = max(opts.DeleteDelay, 0)

	e := &Emulator{opts: opts, signer: v4.NewSigner()}
	e.reset()
	e.userID = "AIDA" + e.randomString(upperAlnum, 17)
	return e
}

// reset empties all state and re-seeds the random source. Callers hold e.mu, or own e.
func (e *Emulator) reset() {
	seed := uint64(e.opts.Seed)
	e.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	e.conns = map[string]*record{}
	e.failNext = map[string]map[string]bool{
		StatusCreateFailed: {},
		StatusDeleteFailed: {},
	}
	e.errs = map[string][]errorFault{}
	e.bad = map[string][]malformedFault{}
	e.throttle, e.internal = 0, 0
	e.stats = Stats{Requests: map[string]int{}, FaultsInjected: map[string]int{}}
}

func (e *Emulator) now() time.Time {
	return e.opts.Now()
}

// ServeHTTP answers one API, STS or admin request.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isAdminPath(r.URL.Path) {
		status := e.serveAdmin(w, r)
		e.logRequest(r, "Admin", status)
		return
	}

	body, readErr := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))

	e.mu.Lock()
	requestID := e.requestID()
	rt := resolveRoute(r.Method, r.URL.EscapedPath(), body, requestID)
	e.stats.TotalRequests++
	e.stats.Requests[rt.statsName()]++
	e.mu.Unlock()

	var rep reply
	switch {
	case len(body) > maxBodyBytes:
		// The size limit is enforced before authentication, as a front end would.
		rep = rt.fail("ContentSizeExceededException",
			fmt.Sprintf("request body exceeds the limit of %d bytes", maxBodyBytes))
	case readErr != nil:
		rep = rt.fail("ValidationException", "request body could not be read")
	default:
		if err := e.authenticate(r, body, rt.service, e.now()); err != nil {
			e.mu.Lock()
			e.stats.RejectedSignatures++
			e.mu.Unlock()
			rep = rt.fail(err.name, err.message)
		} else if rt.unmatched != nil {
			rep = *rt.unmatched
		} else {
			rep = e.dispatch(rt, r, body)
		}
	}

	rep.write(w, requestID)
	e.logRequest(r, rt.statsName(), rep.status)
}

// dispatch applies faults and runs the operation, holding the lock throughout so that
// every call sees and leaves a consistent state.
func (e *Emulator) dispatch(rt route, r *http.Request, body []byte) reply {
	e.mu.Lock()
	defer e.mu.Unlock()

	now := e.now()
	e.settle(now)
	if rep, ok := e.takeFault(rt); ok {
		return rep
	}
	rep := e.handle(rt, r, body, now)
	return e.mangle(rt, rep)
}

func (e *Emulator) handle(rt route, r *http.Request, body []byte, now time.Time) reply {
	switch rt.op {
	case OpCreatePrivateConnection:
		return e.createConnection(body, now)
	case OpDescribePrivateConnection:
		return e.describeConnection(rt.name)
	case OpListPrivateConnections:
		return e.listConnections()
	case OpDeletePrivateConnection:
		return e.deleteConnection(rt.name, now)
	case OpUpdatePrivateConnectionCertificate:
		return e.updateCertificate(rt.name, body)
	case OpTagResource:
		return e.tagResource(rt.arn, body)
	case OpUntagResource:
		return e.untagResource(rt.arn, r.URL.Query())
	case OpListTagsForResource:
		return e.listTags(rt.arn)
	case OpGetCallerIdentity:
		return e.getCallerIdentity(rt.reqID)
	}
	return jsonError("InternalServerException", "no handler for "+rt.op)
}

func (e *Emulator) logRequest(r *http.Request, op string, status int) {
	if e.opts.Logger == nil {
		return
	}
	e.opts.Logger.Printf("%s %s %s %d", r.Method, r.URL.EscapedPath(), op, status)
}

// errNotFound is returned by the in-process admin methods for an unknown name.
var errNotFound = errors.New("private connection not found")

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	hexDigits  = "0123456789abcdef"
)

// randomString draws n characters from alphabet. Callers hold e.mu, or own e.
func (e *Emulator) randomString(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[e.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// requestID returns a UUID-shaped id. Callers hold e.mu.
func (e *Emulator) requestID() string {
	s := e.randomString(hexDigits, 32)
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}
