// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awstypes "github.com/aws/aws-sdk-go-v2/service/devopsagent/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestBackoffDelay_growth(t *testing.T) {
	cases := map[string]struct {
		b    backoff
		want []time.Duration // Delay(0), Delay(1), ...
	}{
		"doubling": {
			b:    backoff{Initial: time.Second, Max: time.Hour, Factor: 2},
			want: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second},
		},
		"capped at max": {
			b:    backoff{Initial: time.Second, Max: 5 * time.Second, Factor: 2},
			want: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second},
		},
		"initial above max": {
			b:    backoff{Initial: time.Minute, Max: 10 * time.Second, Factor: 2},
			want: []time.Duration{10 * time.Second, 10 * time.Second},
		},
		"factor one": {
			b:    backoff{Initial: time.Second, Max: time.Minute, Factor: 1},
			want: []time.Duration{time.Second, time.Second, time.Second},
		},
		"default without jitter": {
			b: backoff{Initial: defaultBackoff.Initial, Max: defaultBackoff.Max, Factor: defaultBackoff.Factor},
			want: []time.Duration{
				500 * time.Millisecond, 800 * time.Millisecond, 1280 * time.Millisecond, 2048 * time.Millisecond,
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			tc.b.Rand = func() float64 { return 0 }
			for attempt, want := range tc.want {
				got := tc.b.Delay(attempt)
				// Allow for the float rounding of repeated multiplication.
				if diff := got - want; diff < -time.Microsecond || diff > time.Microsecond {
					t.Errorf("Delay(%d) = %s, want %s", attempt, got, want)
				}
			}
		})
	}
}

func TestBackoffDelay_cappedForLargeAttempts(t *testing.T) {
	b := defaultBackoff
	b.Rand = func() float64 { return 0 }
	for _, attempt := range []int{10, 100, 1_000_000} {
		if got := b.Delay(attempt); got != b.Max {
			t.Errorf("Delay(%d) = %s, want the maximum %s", attempt, got, b.Max)
		}
	}
}

func TestBackoffDelay_jitter(t *testing.T) {
	cases := map[string]struct {
		r    float64
		want time.Duration // for Initial 1s, Jitter 0.5, attempt 0
	}{
		"no jitter drawn":  {r: 0, want: time.Second},
		"quarter drawn":    {r: 0.25, want: 875 * time.Millisecond},
		"half drawn":       {r: 0.5, want: 750 * time.Millisecond},
		"almost all drawn": {r: 0.999, want: 500500 * time.Microsecond},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			b := backoff{Initial: time.Second, Max: time.Minute, Factor: 2, Jitter: 0.5,
				Rand: func() float64 { return tc.r }}
			got := b.Delay(0)
			if diff := got - tc.want; diff < -time.Microsecond || diff > time.Microsecond {
				t.Errorf("Delay(0) = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestBackoffDelay_jitterWithinBounds(t *testing.T) {
	rands := map[string]func() float64{
		"zero":    func() float64 { return 0 },
		"half":    func() float64 { return 0.5 },
		"highest": func() float64 { return 0.9999999 },
		"real":    nil,
	}
	for name, r := range rands {
		t.Run(name, func(t *testing.T) {
			b := defaultBackoff
			b.Rand = r
			plain := b
			plain.Jitter = 0
			plain.Rand = func() float64 { return 0 }
			for attempt := range 20 {
				d := plain.Delay(attempt)
				low := time.Duration(float64(d) * (1 - b.Jitter))
				for range 50 {
					got := b.Delay(attempt)
					if got < low-time.Nanosecond || got > d {
						t.Fatalf("Delay(%d) = %s, want within [%s, %s]", attempt, got, low, d)
					}
				}
			}
		})
	}
}

// step is one answer of a fake refreshFunc: a connection in status, not
// found (status and err empty), or an error.
type step struct {
	status string
	err    error
}

var notFound = step{}

func found(status string) step { return step{status: status} }

func failed(err error) step { return step{err: err} }

// fakeRefresh answers with steps in order and fails the test if polled
// once more. It counts the calls.
type fakeRefresh struct {
	t     *testing.T
	steps []step
	calls int
	// before runs before each answer, with the call's index.
	before func(i int)
}

func (f *fakeRefresh) refresh(ctx context.Context) (*connection, error) {
	f.t.Helper()
	i := f.calls
	f.calls++
	if i >= len(f.steps) {
		f.t.Fatalf("refresh called %d times, only %d answers scripted", f.calls, len(f.steps))
	}
	if f.before != nil {
		f.before(i)
	}
	s := f.steps[i]
	if s.err != nil {
		return nil, s.err
	}
	if s.status == "" {
		return nil, nil
	}
	return &connection{Name: "test", Status: s.status}, nil
}

// fakeSleep records the delays asked for and moves a fake clock on by
// each, without really sleeping. It honours a context that is done.
type fakeSleep struct {
	delays []time.Duration
	now    time.Time
}

func (f *fakeSleep) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.delays = append(f.delays, d)
	f.now = f.now.Add(d)
	return nil
}

func (f *fakeSleep) clock() time.Time { return f.now }

func testWaiter(limit int) (waiter, *fakeSleep) {
	fs := &fakeSleep{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	return waiter{
		backoff: backoff{
			Initial: time.Second, Max: time.Minute, Factor: 2,
			Rand: func() float64 { return 0 },
		},
		sleep:         fs.sleep,
		notFoundLimit: limit,
		now:           fs.clock,
	}, fs
}

// sdkError wraps a modeled API error the way the SDK client returns it.
func sdkError(status int, err error) error {
	return &smithy.OperationError{
		ServiceID:     "DevOps Agent",
		OperationName: "DescribePrivateConnection",
		Err: &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
				Err:      err,
			},
			RequestID: "00000000-0000-0000-0000-000000000000",
		},
	}
}

// connectionRefused is a dial to a closed port, as the SDK returns it.
func connectionRefused() error {
	return &smithy.OperationError{
		ServiceID:     "DevOps Agent",
		OperationName: "DescribePrivateConnection",
		Err: &smithyhttp.RequestSendError{Err: &url.Error{
			Op:  "Get",
			URL: "https://aidevops.us-east-1.api.aws/v1/private-connections/test",
			Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)},
		}},
	}
}

var (
	errThrottling = &awstypes.ThrottlingException{Message: aws.String("Rate exceeded")}
	errInternal   = &awstypes.InternalServerException{Message: aws.String("internal error")}
	errDenied     = &awstypes.AccessDeniedException{Message: aws.String("not allowed")}
	errValidation = &awstypes.ValidationException{Message: aws.String("bad name")}
	errConflict   = &awstypes.ConflictException{Message: aws.String("busy")}
)

func TestTransient_cases(t *testing.T) {
	dialRefused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	cases := map[string]struct {
		err  error
		want bool
	}{
		"throttling":                  {err: errThrottling, want: true},
		"throttling from the client":  {err: sdkError(429, errThrottling), want: true},
		"internal server error, 500":  {err: sdkError(500, errInternal), want: true},
		"bad gateway":                 {err: sdkError(502, &smithy.GenericAPIError{Code: "Bad"}), want: true},
		"service unavailable":         {err: sdkError(503, &smithy.GenericAPIError{Code: "Down"}), want: true},
		"dial refused":                {err: dialRefused, want: true},
		"connection refused from SDK": {err: connectionRefused(), want: true},
		"connection reset":            {err: errors.New("read tcp: connection reset by peer"), want: true},
		"access denied":               {err: errDenied},
		"access denied from the SDK":  {err: sdkError(403, errDenied)},
		"validation":                  {err: errValidation},
		"validation from the SDK":     {err: sdkError(400, errValidation)},
		"conflict from the SDK":       {err: sdkError(409, errConflict)},
		"request cancelled":           {err: &aws.RequestCanceledError{Err: context.Canceled}},
		"unknown host":                {err: &net.DNSError{Err: "no such host", IsNotFound: true}},
		"plain error":                 {err: errors.New("something else")},
		"cancelled request over 500":  {err: &aws.RequestCanceledError{Err: sdkError(500, errInternal)}},
		"unmodeled 400":               {err: sdkError(400, &smithy.GenericAPIError{Code: "ValidationException"})},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := transient(tc.err); got != tc.want {
				t.Fatalf("transient(%v) = %t, want %t", tc.err, got, tc.want)
			}
		})
	}
}

func TestWaiterUntilStatus_cases(t *testing.T) {
	pending := []string{statusCreateInProgress}
	target := []string{statusActive}
	cases := map[string]struct {
		steps  []step
		limit  int
		target []string
		// wantStatus is the status of the connection returned, "" for none.
		wantStatus string
		// wantCause is matched with errors.Is or errors.As; nil means success.
		wantCause      error
		wantLastStatus string
	}{
		"target at once": {
			steps:      []step{found(statusActive)},
			wantStatus: statusActive,
		},
		"pending then target": {
			steps:      []step{found(statusCreateInProgress), found(statusCreateInProgress), found(statusActive)},
			wantStatus: statusActive,
		},
		"second of several targets": {
			steps:      []step{found(statusCreateInProgress), found(statusCreateFailed)},
			target:     []string{statusActive, statusCreateFailed, statusDeleteFailed},
			wantStatus: statusCreateFailed,
		},
		"create failed": {
			steps:          []step{found(statusCreateInProgress), found(statusCreateFailed)},
			wantStatus:     statusCreateFailed,
			wantCause:      errors.New("the status became CREATE_FAILED"),
			wantLastStatus: statusCreateFailed,
		},
		"status neither pending nor target at once": {
			steps:          []step{found(statusDeleteInProgress)},
			wantStatus:     statusDeleteInProgress,
			wantCause:      errors.New("the status became DELETE_IN_PROGRESS"),
			wantLastStatus: statusDeleteInProgress,
		},
		"not found up to the limit": {
			steps:      []step{notFound, notFound, notFound, found(statusActive)},
			limit:      3,
			wantStatus: statusActive,
		},
		"not found past the limit": {
			steps:     []step{notFound, notFound, notFound, notFound},
			limit:     3,
			wantCause: errGone,
		},
		"no not found tolerated": {
			steps:     []step{notFound},
			limit:     0,
			wantCause: errGone,
		},
		"not found after a status": {
			steps:          []step{found(statusCreateInProgress), notFound, notFound, notFound},
			limit:          2,
			wantStatus:     statusCreateInProgress,
			wantCause:      errGone,
			wantLastStatus: statusCreateInProgress,
		},
		"not found count starts again after a status": {
			steps: []step{
				notFound, notFound, found(statusCreateInProgress),
				notFound, notFound, found(statusActive),
			},
			limit:      2,
			wantStatus: statusActive,
		},
		"throttling ridden out": {
			steps: []step{
				failed(sdkError(429, errThrottling)), found(statusCreateInProgress),
				failed(errThrottling), found(statusActive),
			},
			wantStatus: statusActive,
		},
		"internal server error ridden out": {
			steps:      []step{failed(sdkError(500, errInternal)), found(statusActive)},
			wantStatus: statusActive,
		},
		"refused connection ridden out": {
			steps:      []step{failed(connectionRefused()), failed(connectionRefused()), found(statusActive)},
			wantStatus: statusActive,
		},
		"transient errors do not count as not found": {
			steps:      []step{notFound, failed(errThrottling), failed(errThrottling), notFound, found(statusActive)},
			limit:      2,
			wantStatus: statusActive,
		},
		"access denied ends the wait": {
			steps:     []step{failed(sdkError(403, errDenied))},
			wantCause: errDenied,
		},
		"validation ends the wait": {
			steps:     []step{failed(sdkError(400, errValidation))},
			wantCause: errValidation,
		},
		"access denied after a status": {
			steps:          []step{found(statusCreateInProgress), failed(errThrottling), failed(errDenied)},
			wantStatus:     statusCreateInProgress,
			wantCause:      errDenied,
			wantLastStatus: statusCreateInProgress,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			w, fs := testWaiter(tc.limit)
			fr := &fakeRefresh{t: t, steps: tc.steps}
			if tc.target == nil {
				tc.target = target
			}
			conn, err := w.untilStatus(t.Context(), "test", fr.refresh, pending, tc.target)

			if fr.calls != len(tc.steps) {
				t.Errorf("refresh called %d times, want %d", fr.calls, len(tc.steps))
			}
			if len(fs.delays) != len(tc.steps)-1 {
				t.Errorf("slept %d times, want %d (between polls only)", len(fs.delays), len(tc.steps)-1)
			}
			gotStatus := ""
			if conn != nil {
				gotStatus = conn.Status
			}
			if gotStatus != tc.wantStatus {
				t.Errorf("returned connection status %q, want %q", gotStatus, tc.wantStatus)
			}
			checkWaitError(t, err, tc.wantCause, tc.wantLastStatus, fs)
		})
	}
}

// checkWaitError checks that err is nil when wantCause is, or else a
// *waitError with that cause, last status and the fake clock's elapsed time.
func checkWaitError(t *testing.T, err, wantCause error, wantLastStatus string, fs *fakeSleep) {
	t.Helper()
	if wantCause == nil {
		if err != nil {
			t.Fatalf("error = %v, want none", err)
		}
		return
	}
	var we *waitError
	if !errors.As(err, &we) {
		t.Fatalf("error = %v (%T), want a *waitError", err, err)
	}
	if we.Name != "test" {
		t.Errorf("Name = %q, want %q", we.Name, "test")
	}
	if we.LastStatus != wantLastStatus {
		t.Errorf("LastStatus = %q, want %q", we.LastStatus, wantLastStatus)
	}
	var slept time.Duration
	for _, d := range fs.delays {
		slept += d
	}
	if we.Elapsed != slept {
		t.Errorf("Elapsed = %s, want %s (the time slept)", we.Elapsed, slept)
	}
	if we.Interrupted() || we.TimedOut() {
		t.Errorf("Interrupted() = %t, TimedOut() = %t; want both false", we.Interrupted(), we.TimedOut())
	}
	var apiErr smithy.APIError
	switch {
	case errors.As(wantCause, &apiErr):
		var got smithy.APIError
		if !errors.As(err, &got) || got.ErrorCode() != apiErr.ErrorCode() {
			t.Errorf("cause = %v, want the API error %s", we.Cause, apiErr.ErrorCode())
		}
	case wantCause == errGone:
		if !errors.Is(err, errGone) {
			t.Errorf("cause = %v, want errGone", we.Cause)
		}
	default:
		if we.Cause == nil || we.Cause.Error() != wantCause.Error() {
			t.Errorf("cause = %v, want %q", we.Cause, wantCause)
		}
	}
}

func TestWaiterUntilStatus_delaysGrow(t *testing.T) {
	w, fs := testWaiter(0)
	steps := []step{
		found(statusCreateInProgress), failed(errThrottling), found(statusCreateInProgress),
		found(statusCreateInProgress), found(statusCreateInProgress), found(statusActive),
	}
	fr := &fakeRefresh{t: t, steps: steps}
	if _, err := w.untilStatus(t.Context(), "test", fr.refresh, []string{statusCreateInProgress},
		[]string{statusActive}); err != nil {
		t.Fatalf("untilStatus: %v", err)
	}
	// Initial 1s, factor 2, max 1m; a transient error counts as a poll.
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}
	if !slices.Equal(fs.delays, want) {
		t.Fatalf("delays = %v, want %v", fs.delays, want)
	}
}

func TestWaiterUntilStatus_defaultDelaysGrowAndStayCapped(t *testing.T) {
	w, fs := testWaiter(0)
	w.backoff = defaultBackoff
	w.backoff.Rand = func() float64 { return 0.5 }
	steps := make([]step, 30)
	for i := range steps {
		steps[i] = found(statusCreateInProgress)
	}
	steps[len(steps)-1] = found(statusActive)
	fr := &fakeRefresh{t: t, steps: steps}
	if _, err := w.untilStatus(t.Context(), "test", fr.refresh, []string{statusCreateInProgress},
		[]string{statusActive}); err != nil {
		t.Fatalf("untilStatus: %v", err)
	}
	for i := 1; i < len(fs.delays); i++ {
		if fs.delays[i] < fs.delays[i-1] {
			t.Fatalf("delay %d is shorter than the one before: %v", i, fs.delays)
		}
	}
	if first, last := fs.delays[0], fs.delays[len(fs.delays)-1]; last <= first || last > defaultBackoff.Max {
		t.Fatalf("delays run from %s to %s, want growth capped at %s", first, last, defaultBackoff.Max)
	}
}

func TestWaiterUntilStatus_contextEnds(t *testing.T) {
	cases := map[string]struct {
		// context returns the wait's context and a func run before the
		// poll with the given index.
		context         func(parent context.Context) (context.Context, func(i int))
		steps           []step
		wantInterrupted bool
		wantTimedOut    bool
		wantCalls       int
	}{
		"cancelled while sleeping": {
			context: func(parent context.Context) (context.Context, func(int)) {
				ctx, cancel := context.WithCancel(parent)
				return ctx, func(i int) {
					if i == 1 {
						cancel()
					}
				}
			},
			steps:           []step{found(statusCreateInProgress), found(statusCreateInProgress)},
			wantInterrupted: true,
			wantCalls:       2,
		},
		"cancelled during a failing poll": {
			context: func(parent context.Context) (context.Context, func(int)) {
				ctx, cancel := context.WithCancel(parent)
				return ctx, func(i int) {
					if i == 1 {
						cancel()
					}
				}
			},
			// An error that would end the wait on its own: the cancel wins.
			steps:           []step{found(statusCreateInProgress), failed(errDenied)},
			wantInterrupted: true,
			wantCalls:       2,
		},
		"cancelled during a throttled poll": {
			context: func(parent context.Context) (context.Context, func(int)) {
				ctx, cancel := context.WithCancel(parent)
				return ctx, func(int) { cancel() }
			},
			steps:           []step{failed(errThrottling)},
			wantInterrupted: true,
			wantCalls:       1,
		},
		"deadline passed while pending": {
			context: func(parent context.Context) (context.Context, func(int)) {
				ctx, cancel := context.WithDeadline(parent, time.Unix(0, 0))
				t.Cleanup(cancel)
				return ctx, nil
			},
			steps:        []step{found(statusCreateInProgress)},
			wantTimedOut: true,
			wantCalls:    1,
		},
		"deadline passed during throttling": {
			context: func(parent context.Context) (context.Context, func(int)) {
				ctx, cancel := context.WithDeadline(parent, time.Unix(0, 0))
				t.Cleanup(cancel)
				return ctx, nil
			},
			steps:        []step{failed(sdkError(429, errThrottling))},
			wantTimedOut: true,
			wantCalls:    1,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ctx, before := tc.context(t.Context())
			w, _ := testWaiter(0)
			fr := &fakeRefresh{t: t, steps: tc.steps, before: before}
			conn, err := w.untilStatus(ctx, "test", fr.refresh, []string{statusCreateInProgress},
				[]string{statusActive})

			var we *waitError
			if !errors.As(err, &we) {
				t.Fatalf("error = %v (%T), want a *waitError", err, err)
			}
			if we.Interrupted() != tc.wantInterrupted || we.TimedOut() != tc.wantTimedOut {
				t.Errorf("Interrupted() = %t, TimedOut() = %t; want %t, %t (cause %v)",
					we.Interrupted(), we.TimedOut(), tc.wantInterrupted, tc.wantTimedOut, we.Cause)
			}
			if fr.calls != tc.wantCalls {
				t.Errorf("refresh called %d times, want %d", fr.calls, tc.wantCalls)
			}
			if tc.steps[0].status != "" {
				if we.LastStatus != tc.steps[0].status || conn == nil || conn.Status != tc.steps[0].status {
					t.Errorf("LastStatus = %q, connection %v; want the status %q seen before",
						we.LastStatus, conn, tc.steps[0].status)
				}
			}
		})
	}
}

func TestWaiterUntilGone_cases(t *testing.T) {
	pending := []string{statusDeleteInProgress, statusActive}
	cases := map[string]struct {
		steps          []step
		wantCause      error
		wantLastStatus string
	}{
		"not found at once": {
			steps: []step{notFound},
		},
		"deleting then gone": {
			steps: []step{
				found(statusActive), found(statusDeleteInProgress), found(statusDeleteInProgress), notFound,
			},
		},
		"transient errors ridden out": {
			steps: []step{found(statusDeleteInProgress), failed(sdkError(500, errInternal)),
				failed(connectionRefused()), notFound},
		},
		"delete failed": {
			steps:          []step{found(statusDeleteInProgress), found(statusDeleteFailed)},
			wantCause:      errors.New("the status became DELETE_FAILED"),
			wantLastStatus: statusDeleteFailed,
		},
		"access denied": {
			steps:          []step{found(statusDeleteInProgress), failed(sdkError(403, errDenied))},
			wantCause:      errDenied,
			wantLastStatus: statusDeleteInProgress,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			w, fs := testWaiter(0)
			fr := &fakeRefresh{t: t, steps: tc.steps}
			err := w.untilGone(t.Context(), "test", fr.refresh, pending)
			if fr.calls != len(tc.steps) {
				t.Errorf("refresh called %d times, want %d", fr.calls, len(tc.steps))
			}
			checkWaitError(t, err, tc.wantCause, tc.wantLastStatus, fs)
		})
	}
}

func TestWaiterUntilGone_cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	w, _ := testWaiter(0)
	fr := &fakeRefresh{t: t, steps: []step{found(statusDeleteInProgress)}, before: func(int) { cancel() }}
	err := w.untilGone(ctx, "test", fr.refresh, []string{statusDeleteInProgress})
	var we *waitError
	if !errors.As(err, &we) || !we.Interrupted() || we.TimedOut() {
		t.Fatalf("error = %v, want an interrupted *waitError", err)
	}
	if we.LastStatus != statusDeleteInProgress {
		t.Errorf("LastStatus = %q, want %q", we.LastStatus, statusDeleteInProgress)
	}
}

func TestWaitError_message(t *testing.T) {
	cases := map[string]struct {
		err  *waitError
		want string
	}{
		"with status": {
			err: &waitError{Name: "conn", LastStatus: statusCreateFailed,
				Cause:   errors.New("the status became CREATE_FAILED"),
				Elapsed: 90*time.Second + 400*time.Millisecond},
			want: `private connection "conn" (last status CREATE_FAILED, after 1m30s): ` +
				`the status became CREATE_FAILED`,
		},
		"no status yet": {
			err:  &waitError{Name: "conn", Cause: context.DeadlineExceeded, Elapsed: 30 * time.Minute},
			want: `private connection "conn" (last status unknown, after 30m0s): context deadline exceeded`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
		})
	}
}
