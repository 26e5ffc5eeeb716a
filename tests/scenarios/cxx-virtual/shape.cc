// libshape.so: base classes with virtual functions; dynamic_cast/typeid on objects from anywhere.
#include "shape.h"
#include <cstdio>
#include <typeinfo>

Shape::~Shape() { std::printf("    ~Shape\n"); }
std::string Shape::name() const { return "shape"; }
std::string Shape::describe() const
{
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s sides=%d area=%.2f", name().c_str(), sides(), area());
    return buf;
}

Circle::Circle(double r) : r_(r) {}
Circle::~Circle() { std::printf("    ~Circle\n"); }
double Circle::area() const { return 3.0 * r_ * r_; } // integer-friendly "pi"
std::string Circle::name() const { return "circle"; }

Shape *make_circle(double r) { return new Circle(r); }

std::string shape_probe(const Shape &s)
{
    const Circle *c = dynamic_cast<const Circle *>(&s);
    std::string r = "[libshape] ";
    r += c ? "is-a Circle(r=" + std::to_string((int)c->radius()) + ")" : "not a Circle";
    r += typeid(s) == typeid(Circle) ? ", exactly Circle" : ", not exactly Circle";
    r += std::string(", typeid=") + typeid(s).name();
    return r;
}

double total_area(Shape *const *v, int n)
{
    double t = 0;
    for (int i = 0; i < n; i++)
        t += v[i]->area();
    return t;
}
