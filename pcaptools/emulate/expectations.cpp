#include "emulate/expectations.hpp"

#include <algorithm>
#include <string>

#include "msrt/codec.hpp"

namespace msrt::cli {

Slot slot_of(Kind k) {
    switch (k) {
        case Kind::RegistrationAck:
        case Kind::RegistrationNack:
            return Slot::Answer;
        case Kind::MappingNotification:
            return Slot::Notification;
        case Kind::RegistrationRefresh:
            return Slot::Refresh;
        case Kind::ErrorNotification:
            return Slot::Error;
        case Kind::Registration:
            return Slot::Registration;
        default:
            return Slot::Other;
    }
}

void Expectations::push(Message m, std::uint64_t trigger_frame, std::uint32_t trigger_id, Micros at) {
    Expected e;
    e.slot = slot_of(m.kind);
    e.key = message_eid(m);
    e.message = std::move(m);
    e.trigger_frame = trigger_frame;
    e.trigger_id = trigger_id;
    e.at = at;
    e.seq = next_seq_++;
    queue_.push_back(std::move(e));
}

std::optional<Expected> Expectations::take(Slot slot, const std::optional<Eid>& key, std::uint64_t after) {
    auto fits = [&](const Expected& e) { return e.slot == slot && (!key || e.key == key); };
    auto it = std::find_if(queue_.begin(), queue_.end(),
                           [&](const Expected& e) { return fits(e) && e.seq > after; });
    if (it == queue_.end()) it = std::find_if(queue_.begin(), queue_.end(), fits);
    if (it == queue_.end()) return std::nullopt;
    Expected e = std::move(*it);
    queue_.erase(it);
    return e;
}

std::optional<Expected> Expectations::take_same(const Message& actual) {
    auto it = std::find_if(queue_.begin(), queue_.end(),
                           [&](const Expected& e) { return same_body(e.message, actual); });
    if (it == queue_.end()) return std::nullopt;
    Expected e = std::move(*it);
    queue_.erase(it);
    return e;
}

std::deque<Expected> Expectations::take_older(Micros cutoff) {
    std::deque<Expected> old;
    for (auto it = queue_.begin(); it != queue_.end();) {
        if (it->at > cutoff) {
            ++it;
            continue;
        }
        old.push_back(std::move(*it));
        it = queue_.erase(it);
    }
    return old;
}

bool Expectations::has(Slot slot) const {
    for (const Expected& e : queue_)
        if (e.slot == slot) return true;
    return false;
}

bool same_body(const Message& a, const Message& b) {
    Message x = a, y = b;
    x.header.id = y.header.id = 0;
    return a.kind == b.kind && encode_message(x) == encode_message(y);
}

namespace {

void differ(std::string& out, const std::string& field, std::uint64_t model, std::uint64_t capture) {
    if (model == capture) return;
    out += (out.empty() ? "" : "; ") + field + " " + std::to_string(model) + " vs " + std::to_string(capture);
}

void locator_difference(std::string& out, std::size_t i, const Locator& a, const Locator& b) {
    std::string n = "locator " + std::to_string(i + 1) + " ";
    if (!(a.rloc == b.rloc))
        out += (out.empty() ? "" : "; ") + n + "address " + a.rloc.str() + " vs " + b.rloc.str();
    differ(out, n + "priority", a.priority, b.priority);
    differ(out, n + "weight", a.weight, b.weight);
    differ(out, n + "m-priority", a.m_priority, b.m_priority);
    differ(out, n + "m-weight", a.m_weight, b.m_weight);
    differ(out, n + "flags", a.flags, b.flags);
}

}  // namespace

std::string record_difference(const EidRecord& model, const EidRecord& capture) {
    std::string out;
    // A plain AFI and an IID LCAF with IID 0 name the same EID (spec 2.4): the key is what must agree.
    if (model.key() != capture.key()) out = "EID " + model.key().str() + " vs " + capture.key().str();
    differ(out, "ttl", model.ttl, capture.ttl);
    differ(out, "flags (ACT, A)", model.act_word, capture.act_word);
    differ(out, "map-version", model.version_word, capture.version_word);
    differ(out, "locator count", model.locators.size(), capture.locators.size());
    for (std::size_t i = 0; i < std::min(model.locators.size(), capture.locators.size()); ++i)
        locator_difference(out, i, model.locators[i], capture.locators[i]);
    return out;
}

}  // namespace msrt::cli
