// mongodocs writes and counts documents through the real MongoDB Go driver: the demo's seed of Open edX-like
// modulestore collections and its check that a restored database holds what the source holds (no mongo shell is
// installed here). Built by src/services/mongodb.sh (verbs seed and count); the URI comes from MONGODB_URI, never
// from the command line.
//
//	mongodocs seed DATABASE   drops and writes modulestore.{active_versions,structures,definitions}; prints
//	                          "<database>.<collection> <count>" lines
//	mongodocs count DATABASE  prints "<collection> <count>" for each collection, sorted (nothing for a missing database)
package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// The courses seeded (one active version and two structures each) and the definitions per course.
var courses = []string{"DemoX", "Intro101", "Data201"}

const definitionsPerCourse = 40

func main() {
	uri := os.Getenv("MONGODB_URI")
	if len(os.Args) != 3 || uri == "" || (os.Args[1] != "seed" && os.Args[1] != "count" && os.Args[1] != "drop") {
		fmt.Fprintln(os.Stderr, "usage: MONGODB_URI=mongodb://... mongodocs seed|count|drop DATABASE")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(uri))
	if err != nil {
		fail("connect", err)
	}
	defer client.Disconnect(ctx)
	database := client.Database(os.Args[2])
	if os.Args[1] == "seed" {
		seed(ctx, database)
	} else if os.Args[1] == "drop" {
		if err := database.Drop(ctx); err != nil {
			fail("drop "+os.Args[2], err)
		}
	} else {
		count(ctx, database)
	}
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "mongodocs: cannot %s: %v\n", what, err)
	os.Exit(1)
}

func seed(ctx context.Context, database *mongo.Database) {
	names := []string{"modulestore.active_versions", "modulestore.structures", "modulestore.definitions"}
	for _, name := range names {
		if err := database.Collection(name).Drop(ctx); err != nil {
			fail("drop "+name, err)
		}
	}
	var versions, structures, definitions []interface{}
	for _, course := range courses {
		published := "structure-" + course + "-published"
		draft := "structure-" + course + "-draft"
		versions = append(versions, bson.D{{Key: "_id", Value: "version-" + course}, {Key: "org", Value: "Acme"},
			{Key: "course", Value: course}, {Key: "run", Value: "2026"},
			{Key: "versions", Value: bson.D{{Key: "published-branch", Value: published}, {Key: "draft-branch", Value: draft}}}})
		for _, structure := range []string{published, draft} {
			structures = append(structures, bson.D{{Key: "_id", Value: structure}, {Key: "root", Value: bson.A{"course", "course"}},
				{Key: "blocks", Value: bson.A{bson.D{{Key: "block_type", Value: "course"}, {Key: "block_id", Value: "course"}}}}})
		}
		for d := 0; d < definitionsPerCourse; d++ {
			blockType := "html"
			if d%4 == 0 {
				blockType = "problem"
			}
			definitions = append(definitions, bson.D{{Key: "_id", Value: fmt.Sprintf("definition-%s-%d", course, d)},
				{Key: "block_type", Value: blockType},
				{Key: "fields", Value: bson.D{{Key: "data", Value: fmt.Sprintf("<p>%s unit %d</p>", course, d)}}}})
		}
	}
	for i, docs := range [][]interface{}{versions, structures, definitions} {
		if _, err := database.Collection(names[i]).InsertMany(ctx, docs); err != nil {
			fail("insert into "+names[i], err)
		}
	}
	index := mongo.IndexModel{Keys: bson.D{{Key: "org", Value: 1}, {Key: "course", Value: 1}, {Key: "run", Value: 1}},
		Options: options.Index().SetUnique(true).SetName("org_course_run")}
	if _, err := database.Collection(names[0]).Indexes().CreateOne(ctx, index); err != nil {
		fail("create the index org_course_run", err)
	}
	for _, name := range names {
		n, err := database.Collection(name).CountDocuments(ctx, bson.D{})
		if err != nil {
			fail("count "+name, err)
		}
		fmt.Printf("%s.%s %d\n", database.Name(), name, n)
	}
}

func count(ctx context.Context, database *mongo.Database) {
	names, err := database.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		fail("list the collections of "+database.Name(), err)
	}
	sort.Strings(names)
	for _, name := range names {
		n, err := database.Collection(name).CountDocuments(ctx, bson.D{})
		if err != nil {
			fail("count "+name, err)
		}
		fmt.Printf("%s %d\n", name, n)
	}
}
