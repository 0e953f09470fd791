// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

//go:build unix

package reliability

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/acctest"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

// The tests in this file run the CLI binary itself rather than going
// through terraform-plugin-testing, which cannot signal or kill the CLI.
// Each one works in a temporary directory, with a CLI configuration whose
// dev_overrides point at a provider built from this tree, against an
// in-process emulator.

const (
	// cliRunTimeout bounds one CLI command. No command here comes near it;
	// it only keeps a hung CLI from hanging the suite.
	cliRunTimeout = 2 * time.Minute
	// cliInterruptBound is how soon the CLI must exit after an interrupt
	// that lands while a create waits for ACTIVE.
	cliInterruptBound = 5 * time.Second
	// cliResource is the address of the one connection each test manages.
	cliResource = "devopsagent_private_connection.test"
)

// cliPath returns the CLI to run. Like terraform-plugin-testing, it skips
// the test unless TF_ACC is set; with TF_ACC set, a missing CLI is a
// failure, so that a misconfigured run cannot pass by skipping.
func cliPath(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		t.Fatal("TF_ACC is set but TF_ACC_TERRAFORM_PATH is not: set it to the OpenTofu " +
			"binary, as make reliability does")
	}
	info, err := os.Stat(path)
	if err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
		t.Fatalf("TF_ACC_TERRAFORM_PATH=%q is not an executable file (%v)", path, err)
	}
	return path
}

// cliProvider is the provider binary the CLI tests share. The first test
// to ask builds it; the last one using it removes it when it ends, so a
// run leaves nothing behind in the temporary directory. Tests take it
// before t.Parallel, so every CLI test of a run holds it at once and it
// is built once per run (once per round with -count).
var cliProvider struct {
	sync.Mutex
	users int
	dir   string
}

func cliProviderDir(t *testing.T) string {
	t.Helper()
	cliProvider.Lock()
	defer cliProvider.Unlock()
	if cliProvider.users == 0 {
		// Not t.TempDir: that would go with the first test, while others
		// still run the binary.
		dir, err := os.MkdirTemp("", "devopsagent-cli-provider-") //nolint:usetesting
		if err != nil {
			t.Fatalf("creating the provider directory: %s", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		bin := filepath.Join(dir, "terraform-provider-devopsagent")
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin,
			"github.com/opsconnect/terraform-provider-devopsagent")
		if out, err := cmd.CombinedOutput(); err != nil {
			_ = os.RemoveAll(dir)
			t.Fatalf("building the provider: %s\n%s", err, out)
		}
		cliProvider.dir = dir
	}
	cliProvider.users++
	t.Cleanup(func() {
		cliProvider.Lock()
		defer cliProvider.Unlock()
		cliProvider.users--
		if cliProvider.users == 0 {
			_ = os.RemoveAll(cliProvider.dir)
			cliProvider.dir = ""
		}
	})
	return cliProvider.dir
}

// cliWorkspace is a working directory and the environment the CLI runs
// with there.
type cliWorkspace struct {
	t    *testing.T
	tofu string
	dir  string
	env  []string
}

// newCLIWorkspace gates t on TF_ACC, takes the shared provider binary and
// writes a CLI configuration that points both registries' addresses of
// the provider at it. Call it before t.Parallel.
func newCLIWorkspace(t *testing.T) *cliWorkspace {
	t.Helper()
	tofu := cliPath(t)
	providerDir := cliProviderDir(t)
	dir := t.TempDir()
	rc := filepath.Join(t.TempDir(), "cli.tfrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.opentofu.org/opsconnect/devopsagent" = %[1]q
    "registry.terraform.io/opsconnect/devopsagent" = %[1]q
  }
  direct {}
}
`, providerDir)
	if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
		t.Fatalf("writing the CLI configuration: %s", err)
	}

	// The caller's TF_ and AWS_ settings (a log level or log file, another
	// CLI configuration, credentials, an endpoint) must not change what
	// the test runs or what it reads in the output.
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "AWS_") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	return &cliWorkspace{t: t, tofu: tofu, dir: dir, env: env}
}

func (w *cliWorkspace) write(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, name), []byte(content), 0o600); err != nil {
		w.t.Fatalf("writing %s: %s", name, err)
	}
}

// cliBuffer collects a stream of the CLI; it can be read while the CLI
// still writes to it.
type cliBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *cliBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *cliBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// cliProc is one run of the CLI.
type cliProc struct {
	args    []string
	cmd     *exec.Cmd
	pgid    int
	stdout  cliBuffer
	stderr  cliBuffer
	done    chan struct{}
	started time.Time
	exited  time.Time
	err     error
}

// start runs `tofu <command> -no-color -input=false <args>` in the
// workspace, in a process group of its own as a shell would start a job:
// a signal can then go to the CLI alone or to the whole group, and a kill
// of the group takes the provider plugin with it.
func (w *cliWorkspace) start(command string, args ...string) *cliProc {
	w.t.Helper()
	args = append([]string{command, "-no-color", "-input=false"}, args...)
	ctx, cancel := context.WithTimeout(context.Background(), cliRunTimeout)
	p := &cliProc{args: args, done: make(chan struct{})}
	cmd := exec.CommandContext(ctx, w.tofu, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	cmd.Stdout, cmd.Stderr = &p.stdout, &p.stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	// A plugin that outlives the CLI would hold the output pipes open.
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		w.t.Fatalf("starting tofu %s: %s", strings.Join(args, " "), err)
	}
	p.cmd, p.pgid, p.started = cmd, cmd.Process.Pid, time.Now()
	go func() {
		p.err = cmd.Wait()
		p.exited = time.Now()
		cancel()
		close(p.done)
	}()
	w.t.Cleanup(func() { p.stop(w.t) })
	return p
}

// run runs a CLI command to its end and returns it with its exit code.
func (w *cliWorkspace) run(command string, args ...string) (*cliProc, int) {
	w.t.Helper()
	p := w.start(command, args...)
	return p, p.wait(w.t, cliRunTimeout)
}

// mustRun runs a CLI command and fails t unless it exits 0.
func (w *cliWorkspace) mustRun(command string, args ...string) *cliProc {
	w.t.Helper()
	p, code := w.run(command, args...)
	if code != 0 {
		w.t.Fatalf("%s exited %d\n%s", p, code, p.report())
	}
	return p
}

// wait waits up to d for the CLI to exit and returns its exit code (-1
// when a signal ended it). A CLI still running after d is killed, with
// its group, and fails t.
func (p *cliProc) wait(t *testing.T, d time.Duration) int {
	t.Helper()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-p.done:
	case <-timer.C:
		p.kill()
		<-p.done
		t.Fatalf("%s still running after %s; killed it\n%s", p, d, p.report())
	}
	var exitErr *exec.ExitError
	if p.err != nil && !errors.As(p.err, &exitErr) {
		t.Fatalf("%s: %s\n%s", p, p.err, p.report())
	}
	code := p.cmd.ProcessState.ExitCode()
	t.Logf("%s exited %d after %s", p, code, p.exited.Sub(p.started).Round(time.Millisecond))
	return code
}

// kill sends SIGKILL to the CLI's whole process group.
func (p *cliProc) kill() {
	_ = syscall.Kill(-p.pgid, syscall.SIGKILL)
}

// stop makes sure that nothing of this run is left: a CLI still running
// is killed with its group, and so is any live process left in the
// group (a provider plugin that outlived its CLI), which fails t.
func (p *cliProc) stop(t *testing.T) {
	select {
	case <-p.done:
	default:
		p.kill()
		<-p.done
	}
	if left := cliGroupMembers(p.pgid, 5*time.Second); len(left) > 0 {
		for _, pid := range left {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		t.Errorf("%s left processes %v running after it exited; killed them", p, left)
	}
}

func (p *cliProc) String() string {
	return "tofu " + strings.Join(p.args, " ")
}

func (p *cliProc) output() string {
	return p.stdout.String() + p.stderr.String()
}

// report is the run's output for a failure message: the tail of each
// stream, since a TRACE log runs to megabytes.
func (p *cliProc) report() string {
	const keep = 16 << 10
	tail := func(s string) string {
		if len(s) <= keep {
			return s
		}
		return fmt.Sprintf("[… %d bytes left out …]\n%s", len(s)-keep, s[len(s)-keep:])
	}
	return fmt.Sprintf("--- stdout of %s\n%s\n--- stderr\n%s", p, tail(p.stdout.String()),
		tail(p.stderr.String()))
}

// cliGroupMembers lists the live processes in process group pgid, waiting
// up to d for the group to empty: a killed process takes a moment to go.
// Zombies are left out; a plugin whose new parent does not reap it stays
// one. Without /proc it reports none.
func cliGroupMembers(pgid int, d time.Duration) []int {
	deadline := time.Now().Add(d)
	for {
		var members []int
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
			if err != nil {
				continue
			}
			// After the command name in parentheses: state, ppid, pgrp.
			i := bytes.LastIndexByte(stat, ')')
			fields := strings.Fields(string(stat[i+1:]))
			if len(fields) < 3 || fields[0] == "Z" || fields[0] == "X" {
				continue
			}
			if g, _ := strconv.Atoi(fields[2]); g == pgid {
				members = append(members, pid)
			}
		}
		if len(members) == 0 || time.Now().After(deadline) {
			return members
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cliStateConnection is a connection as the state file records it.
type cliStateConnection struct {
	Name       string
	Tainted    bool
	Attributes map[string]any
}

// stateConnections reads the connections in terraform.tfstate; none when
// there is no state file.
func (w *cliWorkspace) stateConnections() []cliStateConnection {
	w.t.Helper()
	data, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		w.t.Fatalf("reading the state file: %s", err)
	}
	// The CLI creates the state file, empty, to lock it, so one killed
	// before it wrote any state leaves it so; the CLI reads that as no
	// state, and so does this.
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	var state struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Status     string         `json:"status"`
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		w.t.Fatalf("parsing the state file: %s\n%s", err, data)
	}
	var conns []cliStateConnection
	for _, r := range state.Resources {
		if r.Type != acctest.ResourceType {
			continue
		}
		for _, inst := range r.Instances {
			name, _ := inst.Attributes["name"].(string)
			conns = append(conns, cliStateConnection{
				Name:       name,
				Tainted:    inst.Status == "tainted",
				Attributes: inst.Attributes,
			})
		}
	}
	return conns
}

func (w *cliWorkspace) stateNames() []string {
	w.t.Helper()
	conns := w.stateConnections()
	names := make([]string, len(conns))
	for i, c := range conns {
		names[i] = c.Name
	}
	return names
}

// cliAwaitConnection polls the emulator until it holds name and returns
// the connection. It fails t when the CLI exits first or a minute passes.
func cliAwaitConnection(t *testing.T, em *emulator.Emulator, p *cliProc,
	name string,
) emulator.Connection {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if c, ok := em.Connection(name); ok {
			return c
		}
		if time.Now().After(deadline) {
			p.kill()
			<-p.done
			t.Fatalf("the emulator did not hold %q within a minute of %s\n%s", name, p, p.report())
		}
		select {
		case <-p.done:
			t.Fatalf("%s exited before the emulator held %q\n%s", p, name, p.report())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// cliAwaitStatus polls the emulator until name has status, and fails t
// after a minute.
func cliAwaitStatus(t *testing.T, em *emulator.Emulator, name, status string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		c, ok := em.Connection(name)
		if ok && c.Status == status {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("connection %q is %q (exists: %t) after a minute, want %s",
				name, c.Status, ok, status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cliServiceManaged is a service-managed connection with every input the
// API does not report back (subnets, security groups, IP address type,
// addresses per ENI, port ranges), so an import has all of them to
// record.
func cliServiceManaged(providerBlock, name string) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    devopsagent = {
      source = "opsconnect/devopsagent"
    }
  }
}
%[1]s
resource "devopsagent_private_connection" "test" {
  name = %[2]q

  mode = {
    service_managed = {
      host_address           = "grafana.internal.example.com"
      vpc_id                 = "vpc-0a1b2c3d4e5f60718"
      subnet_ids             = ["subnet-0a1b2c3d4e5f60718", "subnet-1a2b3c4d"]
      security_group_ids     = ["sg-0a1b2c3d4e5f60718"]
      ip_address_type        = "IPV4"
      ipv4_addresses_per_eni = 4
      port_ranges            = ["443", "8000-8100"]
    }
  }

  tags = {
    team = "reliability"
  }
}
`, providerBlock, name)
}

// TestCLI_interruptDuringCreate interrupts an apply while the create waits
// for ACTIVE, as a cancelled CI job does. The CLI must stop within
// cliInterruptBound with an error that names the connection, and keep the
// connection in state as tainted; a destroy then removes it.
func TestCLI_interruptDuringCreate(t *testing.T) {
	ws := newCLIWorkspace(t)
	t.Parallel()
	// Long enough for the interrupt to land mid-wait, short enough for the
	// destroy, which must let the create finish first, to stay quick.
	s := startEmulator(t, emulator.Options{
		CreateDelay: 6 * time.Second,
		DeleteDelay: 300 * time.Millisecond,
	})
	name := acctest.RandomName("cli-int")
	ws.write("main.tf", cliServiceManaged(s.ProviderConfig(2), name))

	apply := ws.start("apply", "-auto-approve")
	if c := cliAwaitConnection(t, s.em, apply, name); c.Status != emulator.StatusCreateInProgress {
		t.Fatalf("connection %q is %s, want %s", name, c.Status, emulator.StatusCreateInProgress)
	}

	// SIGINT to the CLI alone, not its group: that is what a CI runner or
	// a remote-run agent sends when a job is cancelled (a terminal's
	// Ctrl-C reaches the whole group, but the plugin ignores SIGINT, so
	// either way the CLI has to stop the provider over the plugin
	// protocol).
	sent := time.Now()
	if err := apply.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatalf("sending SIGINT: %s", err)
	}
	code := apply.wait(t, 30*time.Second)
	took := apply.exited.Sub(sent)
	t.Logf("SIGINT to exit: %s", took.Round(time.Millisecond))
	if took >= cliInterruptBound {
		t.Errorf("%s took %s to exit after SIGINT, want under %s", apply, took, cliInterruptBound)
	}
	out := apply.output()
	if code == 0 {
		t.Fatalf("%s exited 0 after SIGINT\n%s", apply, apply.report())
	}
	for _, want := range []string{"Interrupted", fmt.Sprintf("%q", name)} {
		if !strings.Contains(out, want) {
			t.Errorf("the output of the interrupted apply lacks %q\n%s", want, apply.report())
		}
	}

	conns := ws.stateConnections()
	if len(conns) != 1 || conns[0].Name != name || !conns[0].Tainted {
		t.Fatalf("state holds %+v, want %q alone and tainted", conns, name)
	}
	if err := compareWithState(t, s.em, ws.stateNames()); err != nil {
		t.Fatal(err)
	}

	destroy := ws.mustRun("destroy", "-auto-approve")
	if !strings.Contains(destroy.output(), "1 destroyed") {
		t.Errorf("the destroy did not report 1 destroyed\n%s", destroy.report())
	}
	if left := s.em.Connections(); len(left) != 0 {
		t.Errorf("the emulator still holds %d connections after destroy", len(left))
	}
	if conns := ws.stateConnections(); len(conns) != 0 {
		t.Errorf("state still holds %+v after destroy", conns)
	}
}

// TestCLI_killDuringCreateThenImport kills the CLI and its provider while
// a create waits, so the connection exists but state never learns of it.
// The next apply must say how to import it; after the import an apply
// records the inputs the API does not report, in place, and converges.
func TestCLI_killDuringCreateThenImport(t *testing.T) {
	ws := newCLIWorkspace(t)
	t.Parallel()
	s := startEmulator(t, emulator.Options{
		CreateDelay: 3 * time.Second,
		DeleteDelay: 300 * time.Millisecond,
	})
	name := acctest.RandomName("cli-kill")
	ws.write("main.tf", cliServiceManaged(s.ProviderConfig(2), name))

	// SIGKILL to the whole group, as when a runner's machine or container
	// goes away: neither the CLI nor the provider can write anything.
	apply := ws.start("apply", "-auto-approve")
	cliAwaitConnection(t, s.em, apply, name)
	apply.kill()
	if code := apply.wait(t, 10*time.Second); code != -1 {
		t.Fatalf("%s exited %d, want killed\n%s", apply, code, apply.report())
	}
	if left := cliGroupMembers(apply.pgid, 5*time.Second); len(left) > 0 {
		t.Fatalf("processes %v of the killed CLI's group are still running", left)
	}

	// The orphan: the emulator has it, state does not.
	if _, ok := s.em.Connection(name); !ok {
		t.Fatalf("the emulator lost %q when the CLI was killed", name)
	}
	if names := ws.stateNames(); slices.Contains(names, name) {
		t.Fatalf("state holds %q although the CLI was killed before the create returned", name)
	}

	again, code := ws.run("apply", "-auto-approve")
	if code == 0 {
		t.Fatalf("%s succeeded over an existing connection\n%s", again, again.report())
	}
	importCmd := fmt.Sprintf("terraform import %s.<label> %s", acctest.ResourceType, name)
	for _, want := range []string{"already exists", importCmd} {
		if !strings.Contains(again.output(), want) {
			t.Errorf("the failed apply's output lacks %q\n%s", want, again.report())
		}
	}
	if n := len(s.em.Connections()); n != 1 {
		t.Fatalf("the emulator holds %d connections, want 1", n)
	}

	// The orphan finishes creating before it is imported, as it would
	// while someone reads the error; that keeps the steps below on one
	// path however fast the machine is.
	cliAwaitStatus(t, s.em, name, emulator.StatusActive)
	ws.mustRun("import", cliResource, name)
	converge := ws.mustRun("apply", "-auto-approve")
	if !strings.Contains(converge.output(), "0 added, 1 changed, 0 destroyed") {
		t.Errorf("the apply after the import did not update in place\n%s", converge.report())
	}
	conns := ws.stateConnections()
	if len(conns) != 1 || conns[0].Tainted {
		t.Fatalf("state holds %+v, want %q alone and not tainted", conns, name)
	}
	mode, _ := conns[0].Attributes["mode"].(map[string]any)
	managed, _ := mode["service_managed"].(map[string]any)
	if ports, _ := managed["port_ranges"].([]any); len(ports) != 2 {
		t.Errorf("state records port_ranges %v, want the two in the configuration", ports)
	}

	plan, code := ws.run("plan", "-detailed-exitcode")
	if code != 0 {
		t.Errorf("%s exited %d, want 0 (no changes)\n%s", plan, code, plan.report())
	}
	if err := compareWithState(t, s.em, ws.stateNames()); err != nil {
		t.Fatal(err)
	}

	ws.mustRun("destroy", "-auto-approve")
	if left := s.em.Connections(); len(left) != 0 {
		t.Errorf("the emulator still holds %d connections after destroy", len(left))
	}
}

// cliRecorder passes requests to the emulator and keeps every SigV4
// signature and session token they carry, to look for in the CLI output.
type cliRecorder struct {
	next http.Handler

	mu         sync.Mutex
	signatures []string
	tokens     []string
}

func (r *cliRecorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	_, sig, signed := strings.Cut(req.Header.Get("Authorization"), "Signature=")
	token := req.Header.Get("X-Amz-Security-Token")
	r.mu.Lock()
	if signed && sig != "" {
		r.signatures = append(r.signatures, sig)
	}
	if token != "" {
		r.tokens = append(r.tokens, token)
	}
	r.mu.Unlock()
	r.next.ServeHTTP(w, req)
}

func cliRandomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("reading random bytes: %s", err)
	}
	return hex.EncodeToString(b)
}

// cliTraceConfig takes the credentials from sensitive variables, which the
// test sets through TF_VAR_ so that they are not on any command line.
func cliTraceConfig(name string, tags map[string]string) string {
	var tagLines strings.Builder
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		fmt.Fprintf(&tagLines, "    %q = %q\n", k, tags[k])
	}
	return fmt.Sprintf(`
terraform {
  required_providers {
    devopsagent = {
      source = "opsconnect/devopsagent"
    }
  }
}

variable "endpoint" {
  type = string
}

variable "access_key" {
  type = string
}

variable "secret_key" {
  type      = string
  sensitive = true
}

variable "token" {
  type      = string
  sensitive = true
}

provider "devopsagent" {
  region      = %[3]q
  access_key  = var.access_key
  secret_key  = var.secret_key
  token       = var.token
  max_retries = 2
  endpoints = {
    devopsagent = var.endpoint
    sts         = var.endpoint
  }
}

resource "devopsagent_private_connection" "test" {
  name = %[1]q

  mode = {
    service_managed = {
      host_address = "grafana.internal.example.com"
      vpc_id       = "vpc-0a1b2c3d4e5f60718"
      subnet_ids   = ["subnet-0a1b2c3d4e5f60718"]
      port_ranges  = ["443"]
    }
  }

  certificate = file("${path.module}/ca.pem")

  tags = {
%[2]s  }
}
`, name, tagLines.String(), emulator.DefaultRegion)
}

// TestCLI_traceLogsHoldNoSecrets runs a create, a certificate rotation
// with a tag change, and a destroy with TF_LOG=TRACE, and checks that the
// whole output holds neither the secret key nor the session token nor any
// of the request signatures the emulator received.
func TestCLI_traceLogsHoldNoSecrets(t *testing.T) {
	ws := newCLIWorkspace(t)
	t.Parallel()
	// Random per run, so that a match in the output cannot be chance.
	accessKey := "AKID" + strings.ToUpper(cliRandomHex(t, 8))
	secretKey := cliRandomHex(t, 20)
	token := cliRandomHex(t, 32)
	em := emulator.New(emulator.Options{
		AccessKey:    accessKey,
		SecretKey:    secretKey,
		SessionToken: token,
		CreateDelay:  300 * time.Millisecond,
		DeleteDelay:  300 * time.Millisecond,
	})
	rec := &cliRecorder{next: em}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	track(t, em)

	// TF_LOG_PATH stays unset (newCLIWorkspace drops every TF_ variable),
	// so the logs of the CLI and the provider come out on stderr.
	ws.env = append(ws.env, "TF_LOG=TRACE",
		"TF_VAR_endpoint="+srv.URL,
		"TF_VAR_access_key="+accessKey,
		"TF_VAR_secret_key="+secretKey,
		"TF_VAR_token="+token)
	name := acctest.RandomName("cli-trace")
	year := time.Now().AddDate(1, 0, 0)
	ws.write("ca.pem", acctest.Certificate(t, "first.internal.example.com", year))
	ws.write("main.tf", cliTraceConfig(name, map[string]string{"team": "a", "stage": "x"}))
	var runs []*cliProc
	runs = append(runs, ws.mustRun("apply", "-auto-approve"))

	rotated := acctest.Certificate(t, "second.internal.example.com", year.AddDate(0, 1, 0))
	ws.write("ca.pem", rotated)
	newTags := map[string]string{"team": "b", "owner": "sre"}
	ws.write("main.tf", cliTraceConfig(name, newTags))
	update := ws.mustRun("apply", "-auto-approve")
	runs = append(runs, update)
	if !strings.Contains(update.output(), "0 added, 1 changed, 0 destroyed") {
		t.Errorf("the second apply did not update in place\n%s", update.report())
	}
	c, ok := em.Connection(name)
	switch {
	case !ok:
		t.Fatalf("the emulator lost %q", name)
	case !maps.Equal(c.Tags, newTags):
		t.Errorf("the emulator holds tags %v, want %v", c.Tags, newTags)
	case c.Certificate != rotated:
		t.Errorf("the emulator does not hold the rotated certificate")
	}
	stats := em.Stats()
	for _, op := range []string{emulator.OpUpdatePrivateConnectionCertificate,
		emulator.OpTagResource, emulator.OpUntagResource} {
		if stats.Requests[op] == 0 {
			t.Errorf("the applies made no %s call; stats %v", op, stats.Requests)
		}
	}

	runs = append(runs, ws.mustRun("destroy", "-auto-approve"))
	if left := em.Connections(); len(left) != 0 {
		t.Errorf("the emulator still holds %d connections after destroy", len(left))
	}

	rec.mu.Lock()
	signatures, tokens := slices.Clone(rec.signatures), slices.Clone(rec.tokens)
	rec.mu.Unlock()
	if len(signatures) == 0 || len(tokens) == 0 {
		t.Fatalf("the emulator saw %d signatures and %d session tokens; want some of each",
			len(signatures), len(tokens))
	}
	secrets := map[string]string{"the secret key": secretKey, "the session token": token}
	for i, sig := range signatures {
		secrets[fmt.Sprintf("signature %d of %d", i+1, len(signatures))] = sig
	}
	var pairs []string
	for _, secret := range secrets {
		pairs = append(pairs, secret, "<redacted>")
	}
	mask := strings.NewReplacer(pairs...)
	tokenHeader := regexp.MustCompile(`(?i)x-amz-security-token[:=]\s*\S`)
	var size int
	for _, p := range runs {
		out := p.output()
		size += len(out)
		for what, secret := range secrets {
			if i := strings.Index(out, secret); i >= 0 {
				t.Errorf("the output of %s holds %s: %s", p, what, cliLineAt(out, i, mask))
			}
		}
		if i := strings.Index(out, "Signature="); i >= 0 {
			t.Errorf("the output of %s holds a SigV4 header: %s", p, cliLineAt(out, i, mask))
		}
		if loc := tokenHeader.FindStringIndex(out); loc != nil {
			t.Errorf("the output of %s holds a security token header: %s", p,
				cliLineAt(out, loc[0], mask))
		}
	}

	// The check means something only if the logs really are at TRACE and
	// carry the provider's own lines for the calls made.
	all := runs[0].output() + runs[1].output()
	for _, want := range []string{"[TRACE]", "AWS API call", "creating private connection",
		"rotating private connection certificate", "setting tags"} {
		if !strings.Contains(all, want) {
			t.Errorf("the TRACE output lacks %q; is TF_LOG honoured?\n%s", want, runs[0].report())
		}
	}
	t.Logf("checked %d bytes of output for %d secrets", size, len(secrets))
}

// cliLineAt returns the line of out around index i, with the secrets
// masked, for a failure message that does not repeat what it reports.
func cliLineAt(out string, i int, mask *strings.Replacer) string {
	start := strings.LastIndexByte(out[:i], '\n') + 1
	end := strings.IndexByte(out[i:], '\n')
	if end < 0 {
		end = len(out) - i
	}
	line := mask.Replace(out[start : i+end])
	if len(line) > 400 {
		line = line[:400] + "…"
	}
	return line
}
