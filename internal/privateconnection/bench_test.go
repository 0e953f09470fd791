// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func BenchmarkExpandCreateInput(b *testing.B) {
	models := map[string]resourceModel{
		"service managed": plannedModel("bench", serviceManagedMode(fullServiceManaged())),
		"self managed":    plannedModel("bench", selfManagedMode(testRcfgID)),
	}
	for name, m := range models {
		m.Certificate = types.StringValue(testPEM)
		m.Tags = tagsOf(map[string]string{"team": "platform", "env": "prod", "cost-center": "42"})
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := expandCreateInput(b.Context(), m); diags.HasError() {
					b.Fatal(diags)
				}
			}
		})
	}
}

func BenchmarkFlatten(b *testing.B) {
	expiry := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	conn := serviceManagedConnection("bench")
	conn.CertificateExpiryTime = &expiry
	conn.Tags = map[string]string{"team": "platform", "env": "prod", "cost-center": "42"}
	priors := map[string]resourceModel{
		"refresh": plannedModel("bench", serviceManagedMode(fullServiceManaged())),
		"import":  importedModel("bench"),
	}
	for name, prior := range priors {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := flatten(b.Context(), conn, prior); diags.HasError() {
					b.Fatal(diags)
				}
			}
		})
	}
}
