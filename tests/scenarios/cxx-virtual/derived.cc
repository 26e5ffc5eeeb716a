// libderived.so: classes derived from libshape's classes, multiple and virtual inheritance.
#include "shape.h"
#include <cstdio>

Labeled::~Labeled() { std::printf("    ~Labeled\n"); }

Square::Square(double s) : s_(s) {}
Square::~Square() { std::printf("    ~Square\n"); }
double Square::area() const { return s_ * s_; }
std::string Square::name() const { return "square"; }

ColoredCircle::ColoredCircle(double r, const char *color) : Circle(r), color_(color) {}
ColoredCircle::~ColoredCircle() { std::printf("    ~ColoredCircle(%s)\n", color_.c_str()); }
std::string ColoredCircle::name() const { return color_ + " " + Circle::name(); }
std::string ColoredCircle::label() const { return "label:" + color_; }

Hexagon::Hexagon(double s) : s_(s) {}
Hexagon::~Hexagon() { std::printf("    ~Hexagon\n"); }
double Hexagon::area() const { return 2.5 * s_ * s_; }

Shape *make_square(double s) { return new Square(s); }
Shape *make_colored_circle(double r, const char *color) { return new ColoredCircle(r, color); }
Shape *make_hexagon(double s) { return new Hexagon(s); }

std::string derived_label(const Shape &s)
{
    const Labeled *l = dynamic_cast<const Labeled *>(&s);
    return l ? "[libderived] " + l->label() : "[libderived] unlabeled";
}
