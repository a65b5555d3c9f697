module github.com/iii-hq/iii/sdk/go

go 1.22
