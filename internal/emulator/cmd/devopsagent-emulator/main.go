// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

// Command devopsagent-emulator serves the DevOps Agent private-connection API emulator.
//
// It prints its base URL as the only line on stdout, logs one line per request to
// stderr, and stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "devopsagent-emulator:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends. It is main without the process globals, so tests can
// drive it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("devopsagent-emulator", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:4599", "address to listen on; port 0 picks a free one")
	createDelay := flags.Duration("create-delay", 2*time.Second,
		"time a new connection stays CREATE_IN_PROGRESS")
	deleteDelay := flags.Duration("delete-delay", 2*time.Second,
		"time a deleted connection stays DELETE_IN_PROGRESS")
	accessKey := flags.String("access-key", emulator.DefaultAccessKey, "accepted access key id")
	secretKey := flags.String("secret-key", emulator.DefaultSecretKey, "secret for the access key")
	accountID := flags.String("account-id", emulator.DefaultAccountID, "account id in ARNs")
	region := flags.String("region", emulator.DefaultRegion, "region signatures are scoped to")
	admin := flags.Bool("admin", false, "serve the unsigned /_emulator/ admin paths")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", flags.Args())
	}

	logger := log.New(stderr, "", log.LstdFlags)
	handler := emulator.New(emulator.Options{
		AccessKey:   *accessKey,
		SecretKey:   *secretKey,
		AccountID:   *accountID,
		Region:      *region,
		CreateDelay: *createDelay,
		DeleteDelay: *deleteDelay,
		Admin:       *admin,
		Logger:      logger,
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}
	if _, err := fmt.Fprintf(stdout, "http://%s\n", ln.Addr()); err != nil {
		return errors.Join(err, ln.Close())
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Print("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
