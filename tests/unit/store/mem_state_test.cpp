#include "store/mem_state.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::store;

namespace {

encoded_op put(std::string c, std::string k, std::string v) { return {false, std::move(c), std::move(k), std::move(v)}; }
encoded_op del(std::string c, std::string k) { return {true, std::move(c), std::move(k), {}}; }

std::vector<std::string> keys(const mem_state& s, std::string_view coll, std::string_view prefix = {}) {
  std::vector<std::string> out;
  s.scan(coll, prefix, [&](const std::string& k, const std::string& v) { out.push_back(k + "=" + v); });
  return out;
}

}  // namespace

TEST_CASE("mem_state applies puts and deletes", "[store][mem_state]") {
  mem_state s;
  s.apply(put("c", "a", "1"));
  s.apply(put("c", "b", "2"));
  s.apply(put("c", "a", "3"));
  s.apply(put("d", "x", "4"));
  s.apply(del("d", "x"));
  CHECK(*s.find("c", "a") == "3");
  CHECK(s.find("d", "x") == nullptr);
  CHECK(s.count("c") == 2);
  CHECK(s.collection_names() == std::vector<std::string>{"c"});  // empty collections vanish
  CHECK(keys(s, "c") == std::vector<std::string>{"a=3", "b=2"});
}

TEST_CASE("a frozen base stays unchanged while reads see the overlay", "[store][mem_state]") {
  mem_state s;
  for (const char* k : {"a1", "a2", "a3", "b1"}) s.apply(put("c", k, "0"));
  s.freeze();
  s.apply(put("c", "a2", "9"));   // update
  s.apply(del("c", "a3"));        // delete
  s.apply(put("c", "a0", "new")); // insert before
  s.apply(put("e", "z", "1"));    // new collection
  s.apply(del("c", "nope"));      // deleting a missing key changes no count

  // The snapshot's view: exactly the state at freeze().
  CHECK(s.base().at("c").size() == 4);
  CHECK(s.base().at("c").at("a2") == "0");
  CHECK_FALSE(s.base().contains("e"));
  // Readers' view: base + overlay.
  CHECK(keys(s, "c", "a") == std::vector<std::string>{"a0=new", "a1=0", "a2=9"});
  CHECK(s.count("c") == 4);
  CHECK(s.count("e") == 1);
  CHECK(s.find("c", "a3") == nullptr);
  CHECK(s.collection_names() == std::vector<std::string>{"c", "e"});
  s.apply(del("e", "z"));
  CHECK(s.collection_names() == std::vector<std::string>{"c"});

  s.thaw();
  CHECK(keys(s, "c") == std::vector<std::string>{"a0=new", "a1=0", "a2=9", "b1=0"});
  CHECK(s.count("c") == 4);
  CHECK(s.count("e") == 0);
  CHECK_FALSE(s.base().contains("e"));
}

TEST_CASE("a bulk load, in order or not, is indexed for later updates", "[store][mem_state]") {
  mem_state s;
  s.load("c", "a", "1");
  s.load("c", "c", "3");
  s.load("c", "b", "2");  // out of order
  s.load("d", "x", "9");
  s.finish_load();
  CHECK(*s.find("c", "b") == "2");
  s.apply(put("c", "b", "20"));
  s.apply(del("c", "a"));
  s.apply(del("d", "x"));
  CHECK(keys(s, "c") == std::vector<std::string>{"b=20", "c=3"});
  CHECK(s.find("c", "a") == nullptr);
  CHECK(s.collection_names() == std::vector<std::string>{"c"});
  mem_state moved = std::move(s);  // the index survives a move
  moved.apply(put("c", "c", "30"));
  CHECK(*moved.find("c", "c") == "30");
  CHECK(moved.count("c") == 2);
}
