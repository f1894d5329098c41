/*
** cli_backup.c: `oversight backup` and `oversight restore`, the two halves
** of getting a council's records back after a disk, a mistake or an
** attack. Both check the copy they handle as `oversight check` does, so a
** backup that would not restore is found the night it is made, not the
** day it is needed, and a restore never puts a damaged file in place.
**
** Every file is made beside where it will end up and renamed into place
** once whole and checked: a failure or a crash leaves either the old file
** or the new one under the name, never half of one.
*/
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The directory part of zPath, for fsync and for messages; caller frees. */
static char *dir_of(const char *zPath) {
  const char *zSlash = strrchr(zPath, '/');
  if (!zSlash) return xstrdup(".");
  if (zSlash == zPath) return xstrdup("/");
  return xmprintf("%.*s", (int)(zSlash - zPath), zPath);
}

/* A rename or link is durable only once its directory is on disk. */
static int fsync_dir(const char *zPath) {
  char *zDir = dir_of(zPath);
  int fd = open(zDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(zDir);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

static int fsync_path(const char *zPath) {
  int fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

static int exists(const char *zPath) {
  struct stat st;
  return lstat(zPath, &st) == 0;
}

/* zPath with the suffix SQLite gives its companion files; caller frees. */
static char *side(const char *zPath, const char *zSuffix) { return xmprintf("%s%s", zPath, zSuffix); }

/* A companion -wal holding changes that are not yet in its database. */
static int has_wal(const char *zPath) {
  char *zWal = side(zPath, "-wal");
  struct stat st;
  int r = stat(zWal, &st) == 0 && st.st_size > 0;
  free(zWal);
  return r;
}

/* Remove a temporary database of ours with whatever SQLite left beside it. */
static void remove_temp(const char *zPath) {
  static const char *const azSuffix[] = {"", "-wal", "-shm", "-journal"};
  for (int i = 0; i < COUNT(azSuffix); i++) {
    char *z = side(zPath, azSuffix[i]);
    unlink(z);
    free(z);
  }
}

/* A new empty file beside zFinal, mode 0600 whatever the umask (mkstemp),
** its name in *pzTmp (caller frees). The descriptor, or -1 after saying why. */
static int make_temp(const Cmd *c, const char *zFinal, const char *zTag, char **pzTmp) {
  *pzTmp = xmprintf("%s.%s-XXXXXX", zFinal, zTag);
  int fd = mkstemp(*pzTmp);
  if (fd < 0) {
    char *zDir = dir_of(zFinal);
    failure(c, "cannot create a file in %s: %s", zDir, strerror(errno));
    free(zDir);
    free(*pzTmp);
    *pzTmp = NULL;
  }
  return fd;
}

/* Now as text for a file name, in this machine's time (what the operator
** reads on their clock), sortable. */
static void stamp_now(char *z, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(z, n, "%Y-%m-%d-%H%M%S", &tm);
}

/* ---- backup ----------------------------------------------------------------- */

int cmd_backup(int argc, char **argv) {
  const Cmd *c = cmd_find("backup");
  Opt opts[] = {{"--force", 0, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 1 || !aPos[0][0]) return usage_error(c, "expected FILE, the backup to write");
  int force = opts[0].seen;
  struct stat stDb, st;
  /* open_db would make an empty database, and back that up. */
  if (stat(g_zDbPath, &stDb) != 0) {
    return failure(c, "there is no database at %s to back up: %s", g_zDbPath, strerror(errno));
  }
  /* A directory gets a dated name, so a nightly timer needs no shell to
  ** make one, and two backups never take the same name by accident. */
  char *zFile;
  if (stat(aPos[0], &st) == 0 && S_ISDIR(st.st_mode)) {
    char zStamp[32];
    stamp_now(zStamp, sizeof zStamp);
    zFile = xmprintf("%s%soversight-%s.db", aPos[0], aPos[0][strlen(aPos[0]) - 1] == '/' ? "" : "/", zStamp);
  } else {
    zFile = xstrdup(aPos[0]);
  }
  int ec = EXIT_FAIL;
  char *zTmp = NULL;
  Buf summary = {0};
  if (stat(zFile, &st) == 0) {
    if (st.st_dev == stDb.st_dev && st.st_ino == stDb.st_ino) {
      failure(c, "%s is the database itself: give the backup another name", zFile);
      goto done;
    }
    if (!force) {
      failure(c, "%s already exists, so nothing was written: choose another name, or add --force to "
                 "replace it", zFile);
      goto done;
    }
    if (!S_ISREG(st.st_mode)) {
      failure(c, "%s exists and is not a file, so it was not replaced", zFile);
      goto done;
    }
    /* SQLite would read that -wal into whatever file takes the name. */
    if (has_wal(zFile)) {
      failure(c, "%s-wal is beside %s: that is a database in use, not a backup, so it was not replaced",
              zFile, zFile);
      goto done;
    }
  }
  int fd = make_temp(c, zFile, "partial", &zTmp);
  if (fd < 0) goto done;
  close(fd);
  Db *db = open_db(c);
  if (!db) goto done;
  int r = db_backup(db, zTmp);
  if (r != DB_OK) failure(c, "cannot write the backup %s: %s", zFile, db_errmsg(db));
  db_close(db);
  if (r != DB_OK) goto done;
  if (fsync_path(zTmp) != 0) {
    failure(c, "cannot write the backup %s to disk: %s", zFile, strerror(errno));
    goto done;
  }
  if (check_copy(c, zTmp, zFile, &summary) != 0) {
    failure(c, "the copy failed its check (above) and was removed: %s was not written. Run "
               "`oversight --db %s check` on the database itself", zFile, g_zDbPath);
    goto done;
  }
  /* Without --force, link() is the check that the name is still free,
  ** made at the moment of taking it: another backup started meanwhile
  ** is not overwritten. */
  if (force ? rename(zTmp, zFile) != 0 : link(zTmp, zFile) != 0) {
    if (errno == EEXIST) failure(c, "%s appeared while the backup was made, so it was not replaced", zFile);
    else failure(c, "cannot name the backup %s: %s", zFile, strerror(errno));
    goto done;
  }
  if (!force) unlink(zTmp);
  fsync_dir(zFile);
  printf("Backed up %s to %s, and checked the copy: no problems found.\n%s", g_zDbPath, zFile, summary.z);
  ec = EXIT_OK;
done:
  /* After a failure: the partial copy, and whatever SQLite made beside
  ** it while checking it. */
  if (zTmp) remove_temp(zTmp);
  free(zTmp);
  free(zFile);
  buf_free(&summary);
  return ec;
}

/* ---- before an upgrade ---------------------------------------------------------- */

int backup_before_upgrade(const Cmd *c) {
  struct stat st;
  if (stat(g_zDbPath, &st) != 0 || st.st_size == 0) return 0;   /* a new database */
  int have;
  char *zErr = NULL;
  /* A file that cannot be read is for db_open to say so, in its words. */
  if (db_file_version(g_zDbPath, &have, &zErr) != 0) {
    free(zErr);
    return 0;
  }
  if (have == 0 || have >= DB_SCHEMA_VERSION) return 0;
  /* Beside the database: the one folder the service may always write to
  ** (its unit makes the rest of the system read-only). */
  char zStamp[32];
  stamp_now(zStamp, sizeof zStamp);
  char *zFile = xmprintf("%s.before-upgrade-v%d-%s", g_zDbPath, have, zStamp);
  char *zTmp = NULL;
  int rc = -1;
  int fd = make_temp(c, zFile, "partial", &zTmp);
  if (fd < 0) goto done;
  close(fd);
  if (db_file_backup(g_zDbPath, zTmp, &zErr) != 0 || fsync_path(zTmp) != 0) {
    failure(c, "%s; the schema was not upgraded, so that there is always a copy to go back to. "
               "Free some space (or see why above) and try again", zErr ? zErr : strerror(errno));
    free(zErr);
    goto done;
  }
  if (link(zTmp, zFile) != 0) {
    failure(c, "cannot name the backup %s: %s; the schema was not upgraded", zFile, strerror(errno));
    goto done;
  }
  fsync_dir(zFile);
  fprintf(stderr,
          "oversight %s: %s has schema version %d and this Oversight uses %d. Before upgrading it, backed it up "
          "to %s (checked); keep that until the upgraded service has run well. To go back: stop the service, "
          "install the old Oversight, and `oversight restore` that file.\n",
          c->zName, g_zDbPath, have, DB_SCHEMA_VERSION, zFile);
  rc = 0;
done:
  if (zTmp) remove_temp(zTmp);
  free(zTmp);
  free(zFile);
  return rc;
}

/* ---- restore ---------------------------------------------------------------- */

/* Copy the file zFrom into the descriptor fd and onto the disk. 0, or -1
** after saying why. */
static int copy_into(const Cmd *c, const char *zFrom, int fd) {
  int in = open(zFrom, O_RDONLY | O_CLOEXEC);
  if (in < 0) return failure(c, "cannot read %s: %s", zFrom, strerror(errno)), -1;
  char buf[1 << 16];
  ssize_t n;
  while ((n = read(in, buf, sizeof buf)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      failure(c, "cannot read %s: %s", zFrom, strerror(errno));
      close(in);
      return -1;
    }
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(fd, buf + off, (size_t)(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        failure(c, "cannot copy %s: %s", zFrom, strerror(errno));
        close(in);
        return -1;
      }
      off += w;
    }
  }
  close(in);
  if (fsync(fd) != 0) return failure(c, "cannot copy %s to disk: %s", zFrom, strerror(errno)), -1;
  return 0;
}

/* Undo keep_aside(): the -wal and -shm back beside zDb, the extra name gone. */
static void put_back(const char *zDb, const char *zAside) {
  static const char *const azSuffix[] = {"-wal", "-shm"};
  for (int i = 0; i < COUNT(azSuffix); i++) {
    char *zFrom = side(zAside, azSuffix[i]), *zTo = side(zDb, azSuffix[i]);
    if (exists(zFrom)) rename(zFrom, zTo);
    free(zFrom);
    free(zTo);
  }
  unlink(zAside);
}

/* Move the database at zDb, and the -wal and -shm that go with it, to a
** name of its own beside it: zDb.before-restore-YYYY-MM-DD-HHMMSS. Nothing is deleted,
** and the -wal is moved, not checkpointed: a -wal holds the last commits
** of the database it belongs to, so it stays with that database under the
** new name (SQLite pairs them by name), and left behind it would be read
** into the restored file, whose pages it does not describe. The database
** is linked, not renamed, so the name zDb is never empty: until the
** caller renames the restored file over it, it is still the old one.
** The new name (caller frees), or NULL after saying why. */
static char *keep_aside(const Cmd *c, const char *zDb) {
  char zStamp[32];
  stamp_now(zStamp, sizeof zStamp);
  char *zAside = NULL;
  for (int k = 1; k < 100; k++) {
    zAside = k == 1 ? xmprintf("%s.before-restore-%s", zDb, zStamp)
                    : xmprintf("%s.before-restore-%s-%d", zDb, zStamp, k);
    /* The -wal and -shm names must be free too, or a stray one from
    ** an earlier file would be read as this one's. */
    char *zW = side(zAside, "-wal"), *zS = side(zAside, "-shm");
    int free3 = !exists(zW) && !exists(zS);
    free(zW);
    free(zS);
    if (free3 && link(zDb, zAside) == 0) break;
    if (free3 && errno != EEXIST) {
      failure(c, "cannot keep %s as %s: %s; nothing was changed", zDb, zAside, strerror(errno));
      free(zAside);
      return NULL;
    }
    free(zAside);
    zAside = NULL;
  }
  if (!zAside) {
    failure(c, "cannot find a free name to keep %s under; nothing was changed", zDb);
    return NULL;
  }
  static const char *const azSuffix[] = {"-wal", "-shm"};
  for (int i = 0; i < COUNT(azSuffix); i++) {
    char *zFrom = side(zDb, azSuffix[i]), *zTo = side(zAside, azSuffix[i]);
    int bad = exists(zFrom) && rename(zFrom, zTo) != 0;
    if (bad) failure(c, "cannot move %s to %s: %s; nothing was changed", zFrom, zTo, strerror(errno));
    free(zFrom);
    free(zTo);
    if (bad) {
      put_back(zDb, zAside);
      free(zAside);
      return NULL;
    }
  }
  return zAside;
}

int cmd_restore(int argc, char **argv) {
  const Cmd *c = cmd_find("restore");
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 1 || !aPos[0][0]) return usage_error(c, "expected FILE, the backup to restore");
  const char *zFile = aPos[0];
  struct stat st, stDb;
  if (stat(zFile, &st) != 0) return failure(c, "cannot read %s: %s", zFile, strerror(errno));
  if (!S_ISREG(st.st_mode)) return failure(c, "%s is not a file", zFile);
  int haveDb = stat(g_zDbPath, &stDb) == 0;
  if (haveDb && st.st_dev == stDb.st_dev && st.st_ino == stDb.st_ino) {
    return failure(c, "%s is the database itself", zFile);
  }
  /* Copying the file alone would lose what its -wal holds. */
  if (has_wal(zFile)) {
    return failure(c, "%s-wal is beside %s: that is a database in use or copied while in use, not a "
                      "backup. Make one with `oversight --db %s backup FILE`", zFile, zFile, zFile);
  }
  /* Taken first, and held until the new file is in place: a server
  ** started meanwhile waits, rather than opening a file about to be
  ** replaced. */
  int lockFd = -1;
  if (haveDb) {
    int inUse;
    char *zErr;
    lockFd = db_lock_file(g_zDbPath, &inUse, &zErr);
    if (lockFd < 0) {
      if (inUse) {
        failure(c, "%s; stop it first (for the service: systemctl stop oversight), then restore "
                   "again. Nothing was changed", zErr);
      } else {
        failure(c, "%s; nothing was changed", zErr);
      }
      free(zErr);
      return EXIT_FAIL;
    }
  } else if (has_wal(g_zDbPath)) {
    return failure(c, "there is no database at %s but there is a %s-wal: move it away first (SQLite "
                      "would read it into the restored file)", g_zDbPath, g_zDbPath);
  }
  int ec = EXIT_FAIL;
  char *zAside = NULL;
  Buf summary = {0};
  char *zTmp = NULL;
  int fd = make_temp(c, g_zDbPath, "restore", &zTmp);
  if (fd < 0) goto done;
  /* Run as root (by hand, in a hurry), the restored file would belong to
  ** root and the service's own account could not open it: it takes the
  ** owner of the file it replaces. */
  if (haveDb && geteuid() == 0 && fchown(fd, stDb.st_uid, stDb.st_gid) != 0) {
    failure(c, "cannot give the restored file the owner of %s: %s", g_zDbPath, strerror(errno));
    close(fd);
    goto done;
  }
  rc = copy_into(c, zFile, fd);
  close(fd);
  if (rc != 0) goto done;
  /* The check runs on the copy, not on FILE: opening a database can
  ** bring its schema up to date, and the backup is left as it was. What
  ** was checked is what is put in place. */
  if (check_copy(c, zTmp, zFile, &summary) != 0) {
    failure(c, "%s was not restored, as it failed its check (above); %s is as it was", zFile, g_zDbPath);
    goto done;
  }
  if (has_wal(zTmp)) {
    failure(c, "the checked copy of %s was not closed cleanly; %s is as it was", zFile, g_zDbPath);
    goto done;
  }
  if (haveDb && !(zAside = keep_aside(c, g_zDbPath))) goto done;
  /* With no database there, link() so one made meanwhile is not replaced. */
  if (haveDb ? rename(zTmp, g_zDbPath) != 0 : link(zTmp, g_zDbPath) != 0) {
    failure(c, "cannot put the restored file in place as %s: %s; it is as it was", g_zDbPath, strerror(errno));
    if (zAside) put_back(g_zDbPath, zAside);
    goto done;
  }
  fsync_dir(g_zDbPath);
  printf("Restored %s as %s, after checking it: no problems found.\n%s", zFile, g_zDbPath, summary.z);
  if (zAside) {
    printf("The database it replaced is kept as %s", zAside);
    char *zW = side(zAside, "-wal");
    if (has_wal(zAside)) printf(", with %s: keep the two together", zW);
    free(zW);
    printf(".\n");
  }
  if (!haveDb && geteuid() == 0) {
    printf("It belongs to root: give it to the service's account (chown oversight: %s) before starting.\n",
           g_zDbPath);
  }
  ec = EXIT_OK;
done:
  if (zTmp) remove_temp(zTmp);
  free(zTmp);
  free(zAside);
  buf_free(&summary);
  db_unlock_file(lockFd);
  return ec;
}
