// Typed errors thrown by the shared library. Every message names the thing
// (file, database, query) and the reason; mains map each type to an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace fts {

// Base of all errors the library throws on purpose.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// ICU reported a failure (the message carries u_errorName()).
class AnalysisError : public Error {
  public:
    using Error::Error;
};

// The database does not exist, cannot be opened, is corrupt or is locked.
class DatabaseError : public Error {
  public:
    using Error::Error;
};

// Another process holds the write lock on the database.
class DatabaseLockedError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

// The database is damaged (a table cut short or corrupt): indexer --rebuild makes it anew.
class DatabaseDamagedError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

// The file system holding the database has no room for the run. advice()
// says what was kept and what to do.
class DiskFullError : public DatabaseError {
  public:
    DiskFullError(const std::string& message, std::string advice) : DatabaseError(message), advice_(std::move(advice)) {}
    [[nodiscard]] auto advice() const -> const std::string& { return advice_; }

  private:
    std::string advice_;
};

// The database path holds no database yet.
class DatabaseMissingError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

// A remote shard (tcp://HOST:PORT, served by xapian-tcpsrv) cannot be reached
// or stopped answering.
class ShardUnreachableError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

// The query text cannot be turned into a query (e.g. only operators).
class QueryError : public Error {
  public:
    using Error::Error;
};

// A command-line argument is unusable (a path that does not exist, a bad date).
class UsageError : public Error {
  public:
    using Error::Error;
};

}  // namespace fts
