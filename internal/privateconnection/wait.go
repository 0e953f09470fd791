// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// backoff spaces the polls of a wait: the first comes soon, later ones
// further apart, each moved by a random jitter so that many connections
// waited on at once do not poll in step.
type backoff struct {
	Initial time.Duration
	Max     time.Duration
	Factor  float64
	// Jitter is the fraction of each delay that is randomized, 0 to 1.
	Jitter float64
	// Rand returns a number in [0, 1); nil means math/rand/v2.
	Rand func() float64
}

var defaultBackoff = backoff{
	Initial: 500 * time.Millisecond,
	Max:     15 * time.Second,
	Factor:  1.6,
	Jitter:  0.3,
}

// Delay returns the wait before poll number attempt (0 for the first).
func (b backoff) Delay(attempt int) time.Duration {
	d := float64(b.Initial)
	for i := 0; i < attempt && d < float64(b.Max); i++ {
		d *= b.Factor
	}
	d = min(d, float64(b.Max))
	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	// Spread the delay over [d*(1-Jitter), d].
	d -= d * b.Jitter * r()
	return time.Duration(d)
}

// waiter polls a connection until it reaches a status, or goes away.
type waiter struct {
	backoff backoff
	// sleep waits for d or until ctx is done; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
	// notFoundLimit is how many answers in a row of "not found" a wait for
	// a status tolerates: a connection just created may not be visible yet.
	notFoundLimit int
	now           func() time.Time
}

func newWaiter() waiter {
	return waiter{
		backoff:       defaultBackoff,
		sleep:         sleepContext,
		notFoundLimit: 5,
		now:           time.Now,
	}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// refreshFunc reads the connection; nil with a nil error means not found.
type refreshFunc func(ctx context.Context) (*connection, error)

// waitError is a wait that ended without reaching its target: the status
// was a failure, the context was cancelled or timed out, or the API
// answered with an error that retrying does not fix.
type waitError struct {
	Name       string
	LastStatus string
	// Cause is the context's error, an unexpected status, or the API error.
	Cause   error
	Elapsed time.Duration
}

func (e *waitError) Error() string {
	status := e.LastStatus
	if status == "" {
		status = "unknown"
	}
	return fmt.Sprintf("private connection %q (last status %s, after %s): %s",
		e.Name, status, e.Elapsed.Round(time.Second), e.Cause)
}

func (e *waitError) Unwrap() error { return e.Cause }

// Interrupted reports whether the wait ended because the CLI was interrupted.
func (e *waitError) Interrupted() bool { return errors.Is(e.Cause, context.Canceled) }

// TimedOut reports whether the wait ran out of time.
func (e *waitError) TimedOut() bool { return errors.Is(e.Cause, context.DeadlineExceeded) }

var errGone = errors.New("the connection no longer exists")

// untilStatus polls until the status is one of target. A status in pending
// keeps the wait going; any other status ends it with an error. Errors that
// the SDK's retryer counts as transient (throttling, 5xx, a refused
// connection) after its own retries are ridden out until ctx ends.
func (w waiter) untilStatus(ctx context.Context, name string, refresh refreshFunc,
	pending, target []string,
) (*connection, error) {
	return w.poll(ctx, name, refresh, func(conn *connection, notFound int) (bool, error) {
		if conn == nil {
			if notFound > w.notFoundLimit {
				return false, errGone
			}
			return false, nil
		}
		switch {
		case slices.Contains(target, conn.Status):
			return true, nil
		case slices.Contains(pending, conn.Status):
			return false, nil
		default:
			return false, fmt.Errorf("the status became %s", conn.Status)
		}
	})
}

// untilGone polls until the connection is not found. A status in pending
// keeps the wait going; any other status ends it with an error.
func (w waiter) untilGone(ctx context.Context, name string, refresh refreshFunc, pending []string) error {
	_, err := w.poll(ctx, name, refresh, func(conn *connection, _ int) (bool, error) {
		if conn == nil {
			return true, nil
		}
		if slices.Contains(pending, conn.Status) {
			return false, nil
		}
		return false, fmt.Errorf("the status became %s", conn.Status)
	})
	return err
}

func (w waiter) poll(ctx context.Context, name string, refresh refreshFunc,
	done func(conn *connection, notFound int) (bool, error),
) (*connection, error) {
	start := w.now()
	var last *connection
	lastStatus := ""
	notFound := 0
	nextInfo := time.Minute
	for attempt := 0; ; attempt++ {
		conn, err := refresh(ctx)
		elapsed := w.now().Sub(start)
		switch {
		case err != nil && ctx.Err() != nil:
			return last, &waitError{Name: name, LastStatus: lastStatus, Cause: ctx.Err(), Elapsed: elapsed}
		case err != nil && !transient(err):
			return last, &waitError{Name: name, LastStatus: lastStatus, Cause: err, Elapsed: elapsed}
		case err != nil:
			tflog.Warn(ctx, "transient error while waiting; polling on", map[string]any{
				"name": name, "attempt": attempt, "error": err.Error(),
			})
		default:
			if conn == nil {
				notFound++
			} else {
				notFound = 0
				last, lastStatus = conn, conn.Status
			}
			finished, failure := done(conn, notFound)
			if failure != nil {
				return last, &waitError{Name: name, LastStatus: lastStatus, Cause: failure, Elapsed: elapsed}
			}
			if finished {
				tflog.Debug(ctx, "wait finished", map[string]any{
					"name": name, "status": lastStatus, "attempt": attempt, "elapsed": elapsed.String(),
				})
				return last, nil
			}
		}

		fields := map[string]any{
			"name": name, "status": lastStatus, "attempt": attempt, "elapsed": elapsed.String(),
		}
		if elapsed >= nextInfo {
			tflog.Info(ctx, "still waiting for private connection", fields)
			nextInfo += time.Minute
		} else {
			tflog.Debug(ctx, "waiting for private connection", fields)
		}
		if err := w.sleep(ctx, w.backoff.Delay(attempt)); err != nil {
			return last, &waitError{Name: name, LastStatus: lastStatus, Cause: err, Elapsed: w.now().Sub(start)}
		}
	}
}

// transient reports whether the SDK's retryer would retry err: throttling,
// server errors, timeouts and refused or reset connections.
func transient(err error) bool {
	return retry.IsErrorRetryables(retry.DefaultRetryables).IsErrorRetryable(err) == aws.TrueTernary
}
