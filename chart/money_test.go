package chart

import (
	"fmt"
	"math"
	"testing"
)

func TestMoney(t *testing.T) {
	tests := []struct {
		name     string
		v        float64
		currency string
		want     string
	}{
		{"zero", 0, "USD", "US$0"},
		{"small", 950, "USD", "US$950"},
		{"fraction", 0.5, "USD", "US$0.5"},
		{"thousands", 1234, "USD", "US$1.23K"},
		{"round thousands", 15000, "USD", "US$15K"},
		{"millions", 160e6, "USD", "US$160M"},
		{"three digits", 172.5e6, "USD", "US$173M"},
		{"billions", 1.25e9, "EUR", "€1.25B"},
		{"ten billions", 12.34e9, "usd", "US$12.3B"},
		{"trillions", 3.4e12, "CNY", "CN¥3.4T"},
		{"beyond trillions", 5e15, "USD", "US$5000T"},
		{"rounds up a unit", 999.96e6, "USD", "US$1B"},
		{"rounds up within a unit", 999.4e3, "", "999K"},
		{"unknown currency", 3.5e9, "UZS", "UZS 3.5B"},
		{"no currency", 42000, "", "42K"},
		{"negative", -2e8, "USD", "-US$200M"},
		{"negative code", -1500, "VND", "-VND 1.5K"},
		{"tiny negative", -0.0001, "USD", "US$0"},
		{"pound", 7.5e6, "GBP", "£7.5M"},
		{"NaN", math.NaN(), "USD", "n/a"},
		{"Inf", math.Inf(1), "USD", "n/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Money(tt.v, tt.currency); got != tt.want {
				t.Errorf("Money(%v, %q) = %q, want %q", tt.v, tt.currency, got, tt.want)
			}
		})
	}
}

func ExampleMoney() {
	fmt.Println(Money(160e6, "USD"))
	fmt.Println(Money(1.25e9, "EUR"))
	fmt.Println(Money(3.5e9, "UZS"))
	fmt.Println(Money(-42000, ""))
	// Output:
	// US$160M
	// €1.25B
	// UZS 3.5B
	// -42K
}

func ExampleGoldsteinColor() {
	fmt.Println(GoldsteinColor(-10), GoldsteinColor(0), GoldsteinColor(10))
	// Output: #b2182b #6f6f6f #2166ac
}
