// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent/types"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

func TestConcurrentClients(t *testing.T) {
	h := newHarness(t, emulator.Options{Admin: true})
	c := h.client()
	ctx := context.Background()
	const workers, rounds = 8, 15

	var wg sync.WaitGroup
	errs := make(chan error, (workers+1)*rounds*5)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				name := fmt.Sprintf("worker-%d-%d", w, r)
				_, err := c.CreatePrivateConnection(ctx, &devopsagent.CreatePrivateConnectionInput{
					Name: aws.String(name), Mode: serviceManaged(),
					Tags: map[string]string{"worker": fmt.Sprint(w)},
				})
				if err != nil {
					errs <- err
					continue
				}
				_, err = c.DescribePrivateConnection(ctx,
					&devopsagent.DescribePrivateConnectionInput{Name: aws.String(name)})
				if err != nil {
					errs <- err
				}
				if _, err := c.TagResource(ctx, &devopsagent.TagResourceInput{
					ResourceArn: aws.String(connectionARN(name)),
					Tags:        map[string]string{"round": fmt.Sprint(r)},
				}); err != nil {
					errs <- err
				}
				if _, err := c.ListPrivateConnections(ctx,
					&devopsagent.ListPrivateConnectionsInput{}); err != nil {
					errs <- err
				}
				if _, err := c.DeletePrivateConnection(ctx,
					&devopsagent.DeletePrivateConnectionInput{Name: aws.String(name)}); err != nil {
					errs <- err
				}
				_ = h.emu.Stats()
				_ = h.emu.Connections()
			}
		})
	}
	wg.Go(func() {
		for range rounds {
			resp, err := http.Get(h.srv.URL + "/_emulator/stats")
			if err != nil {
				errs <- err
				continue
			}
			if err := resp.Body.Close(); err != nil {
				errs <- err
			}
			h.emu.SetFaultRates(0, 0)
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	if n := len(h.emu.Connections()); n != 0 {
		t.Errorf("%d connections left; every one was deleted with no delay", n)
	}
	if got := h.emu.Stats().Requests[emulator.OpCreatePrivateConnection]; got != workers*rounds {
		t.Errorf("creates counted = %d", got)
	}
}

func TestConcurrentCreatesOfOneName(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	var created, conflicts atomic.Int32
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			_, err := c.CreatePrivateConnection(context.Background(),
				&devopsagent.CreatePrivateConnectionInput{
					Name: aws.String("contested"), Mode: serviceManaged(),
				})
			var ce *types.ConflictException
			switch {
			case err == nil:
				created.Add(1)
			case errors.As(err, &ce):
				conflicts.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if created.Load() != 1 || conflicts.Load() != 11 {
		t.Errorf("created %d, conflicts %d", created.Load(), conflicts.Load())
	}
}
